CREATE TABLE companies (
    tenant_id        uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id               uuid NOT NULL,
    slug             text NOT NULL,
    name             text NOT NULL,
    sort_name        text NOT NULL,
    website          text NOT NULL DEFAULT '',
    sector           text NOT NULL DEFAULT '',
    location         text NOT NULL DEFAULT '',
    size             text NOT NULL DEFAULT '',
    founded_year     integer,
    contact_email    text NOT NULL DEFAULT '',
    social           jsonb NOT NULL DEFAULT '{}',
    description      text NOT NULL DEFAULT '',
    description_html text NOT NULL DEFAULT '',
    logo_key         text NOT NULL DEFAULT '',
    status           text NOT NULL CHECK (status IN ('draft', 'pending', 'published', 'rejected')),
    rejection_reason text NOT NULL DEFAULT '',
    premium_until    timestamptz,
    created_by       uuid NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    published_at     timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT companies_slug_key UNIQUE (tenant_id, slug)
);
--bun:split
CREATE INDEX companies_directory_idx ON companies (tenant_id, status, sort_name, id);
--bun:split
CREATE INDEX companies_premium_idx ON companies (tenant_id, status, premium_until) WHERE premium_until IS NOT NULL;
--bun:split
CREATE TABLE company_slugs (
    tenant_id  uuid NOT NULL,
    slug       text NOT NULL,
    company_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, slug),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX company_slugs_company_idx ON company_slugs (tenant_id, company_id);
--bun:split
CREATE TABLE company_members (
    tenant_id  uuid NOT NULL,
    company_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    role       text NOT NULL CHECK (role IN ('owner', 'recruiter')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, company_id, user_id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX company_members_user_idx ON company_members (tenant_id, user_id);
--bun:split
CREATE TABLE company_invitations (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    company_id  uuid NOT NULL,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'recruiter')),
    token_hash  text NOT NULL,
    invited_by  uuid NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT company_invitations_token_key UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX company_invitations_company_idx ON company_invitations (tenant_id, company_id, expires_at);
