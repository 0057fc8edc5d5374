-- Accounts prove their address: a new account is unconfirmed until its
-- owner follows the link mailed to it. Accounts made before this version
-- keep working as they did: they count as confirmed from their creation.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
--bun:split
UPDATE users SET email_verified_at = created_at;
--bun:split
-- One-time links mailed to an account: a password reset, or the
-- confirmation of an address (the account's own, or the one it changes
-- to, in email). Only the SHA-256 of the link's token is kept.
CREATE TABLE account_tokens (
    tenant_id  TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'verify')),
    email      TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX account_tokens_user_idx ON account_tokens (tenant_id, user_id, purpose);
--bun:split
-- Sessions and API tokens a person can see and end: where and when they
-- started, and when they were last used (touched at most once a minute).
ALTER TABLE sessions ADD COLUMN created_at TIMESTAMP;
--bun:split
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
--bun:split
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP;
--bun:split
ALTER TABLE api_tokens ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE api_tokens ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
--bun:split
-- Two-factor sign-in: an authenticator app's secret, sealed with the
-- server's key; a secret shown for enrolment until a code confirms it; and
-- the last time step used, so that a code works once.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
--bun:split
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
--bun:split
-- One-time recovery codes, kept as SHA-256.
CREATE TABLE recovery_codes (
    tenant_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMP,
    PRIMARY KEY (tenant_id, user_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
-- Sign-in with the publisher's own accounts: one OpenID Connect provider
-- per board (the client secret sealed with the server's key), and the
-- provider accounts linked to board users.
CREATE TABLE board_openid (
    tenant_id     TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
    issuer        TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    label         TEXT NOT NULL,
    exclusive     BOOLEAN NOT NULL DEFAULT 0,
    updated_at    TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE user_identities (
    tenant_id  TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, issuer, subject),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX user_identities_user_idx ON user_identities (tenant_id, user_id);
--bun:split
-- Roles a board owner shapes from a fixed list of permissions, and who
-- holds them; the built-in owner and moderator roles stay in board_roles.
CREATE TABLE board_custom_roles (
    tenant_id   TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT board_custom_roles_name_key UNIQUE (tenant_id, name)
);
--bun:split
CREATE TABLE board_custom_role_members (
    tenant_id  TEXT NOT NULL,
    role_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, role_id, user_id),
    FOREIGN KEY (tenant_id, role_id) REFERENCES board_custom_roles (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX board_custom_role_members_user_idx ON board_custom_role_members (tenant_id, user_id);
--bun:split
-- Password reset links of platform admins, who belong to no board; only
-- the SHA-256 of the link's token is kept.
CREATE TABLE admin_reset_tokens (
    token_hash TEXT PRIMARY KEY,
    admin_id   TEXT NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX admin_reset_tokens_admin_idx ON admin_reset_tokens (admin_id);
--bun:split
-- Two-factor sign-in for platform admins, as for board users.
ALTER TABLE platform_admins ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_enabled_at TIMESTAMP;
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
--bun:split
CREATE TABLE admin_recovery_codes (
    admin_id  TEXT NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP,
    PRIMARY KEY (admin_id, code_hash)
);
