-- Accounts prove their address: a new account is unconfirmed until its
-- owner follows the link mailed to it. Accounts made before this version
-- keep working as they did: they count as confirmed from their creation.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
--bun:split
UPDATE users SET email_verified_at = created_at;
--bun:split
-- One-time links mailed to an account: a password reset, or the
-- confirmation of an address (the account's own, or the one it changes
-- to, in email). Only the SHA-256 of the link's token is kept.
CREATE TABLE account_tokens (
    tenant_id  uuid NOT NULL,
    token_hash text NOT NULL,
    user_id    uuid NOT NULL,
    purpose    text NOT NULL CHECK (purpose IN ('reset', 'verify')),
    email      text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX account_tokens_user_idx ON account_tokens (tenant_id, user_id, purpose);
--bun:split
-- Sessions and API tokens a person can see and end: where and when they
-- started, and when they were last used (touched at most once a minute).
ALTER TABLE sessions ADD COLUMN created_at timestamptz;
--bun:split
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
--bun:split
ALTER TABLE sessions ADD COLUMN client_ip text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE sessions ADD COLUMN user_agent text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
--bun:split
ALTER TABLE api_tokens ADD COLUMN client_ip text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE api_tokens ADD COLUMN user_agent text NOT NULL DEFAULT '';
--bun:split
-- Two-factor sign-in: an authenticator app's secret, sealed with the
-- server's key; a secret shown for enrolment until a code confirms it; and
-- the last time step used, so that a code works once.
ALTER TABLE users ADD COLUMN totp_secret text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE users ADD COLUMN totp_pending text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
--bun:split
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
--bun:split
-- One-time recovery codes, kept as SHA-256.
CREATE TABLE recovery_codes (
    tenant_id  uuid NOT NULL,
    user_id    uuid NOT NULL,
    code_hash  text NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, user_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
-- Sign-in with the publisher's own accounts: one OpenID Connect provider
-- per board (the client secret sealed with the server's key), and the
-- provider accounts linked to board users.
CREATE TABLE board_openid (
    tenant_id     uuid PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
    issuer        text NOT NULL,
    client_id     text NOT NULL,
    client_secret text NOT NULL,
    label         text NOT NULL,
    exclusive     boolean NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL
);
--bun:split
CREATE TABLE user_identities (
    tenant_id  uuid NOT NULL,
    issuer     text NOT NULL,
    subject    text NOT NULL,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, issuer, subject),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX user_identities_user_idx ON user_identities (tenant_id, user_id);
--bun:split
-- Roles a board owner shapes from a fixed list of permissions, and who
-- holds them; the built-in owner and moderator roles stay in board_roles.
CREATE TABLE board_custom_roles (
    tenant_id   uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    name        text NOT NULL,
    permissions text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT board_custom_roles_name_key UNIQUE (tenant_id, name)
);
--bun:split
CREATE TABLE board_custom_role_members (
    tenant_id  uuid NOT NULL,
    role_id    uuid NOT NULL,
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL,
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
    token_hash text PRIMARY KEY,
    admin_id   uuid NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL
);
--bun:split
CREATE INDEX admin_reset_tokens_admin_idx ON admin_reset_tokens (admin_id);
--bun:split
-- Two-factor sign-in for platform admins, as for board users.
ALTER TABLE platform_admins ADD COLUMN totp_secret text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_pending text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_enabled_at timestamptz;
--bun:split
ALTER TABLE platform_admins ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
--bun:split
CREATE TABLE admin_recovery_codes (
    admin_id  uuid NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (admin_id, code_hash)
);
