CREATE TABLE boards (
    id            text PRIMARY KEY,
    slug          text NOT NULL,
    name          text NOT NULL,
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    custom_domain text,
    settings      text NOT NULL DEFAULT '{}',
    created_at    timestamp NOT NULL,
    updated_at    timestamp NOT NULL,
    CONSTRAINT boards_slug_key UNIQUE (slug),
    CONSTRAINT boards_slug_check CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*')
);
--bun:split
CREATE UNIQUE INDEX boards_custom_domain_key ON boards (custom_domain) WHERE custom_domain IS NOT NULL;
--bun:split
CREATE TABLE users (
    tenant_id     text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id            text NOT NULL,
    email         text NOT NULL,
    name          text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamp NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT users_email_key UNIQUE (tenant_id, email)
);
--bun:split
CREATE TABLE board_roles (
    tenant_id  text NOT NULL,
    user_id    text NOT NULL,
    role       text NOT NULL CHECK (role IN ('owner', 'moderator', 'employer', 'candidate')),
    created_at timestamp NOT NULL,
    PRIMARY KEY (tenant_id, user_id, role),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE TABLE platform_admins (
    id            text PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamp NOT NULL,
    CONSTRAINT platform_admins_email_key UNIQUE (email)
);
--bun:split
CREATE TABLE authz_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
--bun:split
INSERT INTO authz_version (id, version) VALUES (1, 1);
--bun:split
CREATE TABLE api_tokens (
    tenant_id  text NOT NULL,
    token_hash text NOT NULL,
    user_id    text NOT NULL,
    expires_at timestamp NOT NULL,
    created_at timestamp NOT NULL,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX api_tokens_user_idx ON api_tokens (tenant_id, user_id);
--bun:split
CREATE TABLE sessions (
    id         text PRIMARY KEY,
    data       blob NOT NULL,
    expires_at timestamp
);
--bun:split
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
--bun:split
CREATE TABLE throttles (
    key        text PRIMARY KEY,
    hits       integer NOT NULL,
    window_end timestamp NOT NULL
);
--bun:split
CREATE INDEX throttles_window_end_idx ON throttles (window_end);
--bun:split
CREATE TABLE platform_secrets (
    name       text PRIMARY KEY,
    value      text NOT NULL,
    created_at timestamp NOT NULL
);
