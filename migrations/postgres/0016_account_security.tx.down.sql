DROP TABLE admin_recovery_codes;
--bun:split
ALTER TABLE platform_admins DROP COLUMN totp_last_step;
--bun:split
ALTER TABLE platform_admins DROP COLUMN totp_enabled_at;
--bun:split
ALTER TABLE platform_admins DROP COLUMN totp_pending;
--bun:split
ALTER TABLE platform_admins DROP COLUMN totp_secret;
--bun:split
DROP TABLE admin_reset_tokens;
--bun:split
DROP TABLE board_custom_role_members;
--bun:split
DROP TABLE board_custom_roles;
--bun:split
DROP TABLE user_identities;
--bun:split
DROP TABLE board_openid;
--bun:split
DROP TABLE recovery_codes;
--bun:split
ALTER TABLE users DROP COLUMN totp_last_step;
--bun:split
ALTER TABLE users DROP COLUMN totp_enabled_at;
--bun:split
ALTER TABLE users DROP COLUMN totp_pending;
--bun:split
ALTER TABLE users DROP COLUMN totp_secret;
--bun:split
ALTER TABLE api_tokens DROP COLUMN user_agent;
--bun:split
ALTER TABLE api_tokens DROP COLUMN client_ip;
--bun:split
ALTER TABLE api_tokens DROP COLUMN last_used_at;
--bun:split
ALTER TABLE sessions DROP COLUMN user_agent;
--bun:split
ALTER TABLE sessions DROP COLUMN client_ip;
--bun:split
ALTER TABLE sessions DROP COLUMN last_seen_at;
--bun:split
ALTER TABLE sessions DROP COLUMN created_at;
--bun:split
DROP TABLE account_tokens;
--bun:split
ALTER TABLE users DROP COLUMN email_verified_at;
