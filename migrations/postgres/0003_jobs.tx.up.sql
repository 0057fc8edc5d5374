-- btree_gin lets the full-text index lead with tenant_id.
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
--bun:split
CREATE TABLE jobs (
    tenant_id           uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id                  uuid NOT NULL,
    company_id          uuid NOT NULL,
    slug                text NOT NULL,
    title               text NOT NULL,
    description         text NOT NULL,
    description_html    text NOT NULL,
    keywords            text NOT NULL DEFAULT '',
    employment_type     text NOT NULL,
    workplace           text NOT NULL CHECK (workplace IN ('onsite', 'hybrid', 'remote')),
    locations           jsonb NOT NULL DEFAULT '[]',
    applicant_countries jsonb NOT NULL DEFAULT '[]',
    salary_min          bigint,
    salary_max          bigint,
    salary_currency     text NOT NULL DEFAULT '',
    salary_period       text NOT NULL DEFAULT '',
    salary_year_max     bigint,
    category            text NOT NULL DEFAULT '',
    seniority           text NOT NULL DEFAULT '',
    tags                jsonb NOT NULL DEFAULT '[]',
    apply_url           text NOT NULL DEFAULT '',
    apply_email         text NOT NULL DEFAULT '',
    closing_date        timestamptz,
    status              text NOT NULL CHECK (status IN ('draft', 'pending', 'published', 'rejected', 'expired', 'closed')),
    rejection_reason    text NOT NULL DEFAULT '',
    published_at        timestamptz,
    expires_at          timestamptz,
    featured_until      timestamptz,
    closed_at           timestamptz,
    created_by          uuid NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    search              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', keywords), 'B') ||
        setweight(to_tsvector('english', description), 'C')
    ) STORED,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX jobs_list_idx ON jobs (tenant_id, status, published_at DESC, id DESC);
--bun:split
CREATE INDEX jobs_featured_idx ON jobs (tenant_id, featured_until) WHERE status = 'published' AND featured_until IS NOT NULL;
--bun:split
CREATE INDEX jobs_company_idx ON jobs (tenant_id, company_id, status);
--bun:split
CREATE INDEX jobs_expiry_idx ON jobs (tenant_id, status, expires_at);
--bun:split
CREATE INDEX jobs_category_idx ON jobs (tenant_id, category, published_at DESC) WHERE status = 'published';
--bun:split
CREATE INDEX jobs_search_idx ON jobs USING gin (tenant_id, search);
--bun:split
CREATE TABLE job_locations (
    tenant_id uuid NOT NULL,
    job_id    uuid NOT NULL,
    location  text NOT NULL,
    PRIMARY KEY (tenant_id, job_id, location),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX job_locations_location_idx ON job_locations (tenant_id, location);
--bun:split
CREATE TABLE job_stats (
    tenant_id          uuid NOT NULL,
    job_id             uuid NOT NULL,
    views              bigint NOT NULL DEFAULT 0,
    apply_clicks       bigint NOT NULL DEFAULT 0,
    widget_impressions bigint NOT NULL DEFAULT 0,
    widget_clicks      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, job_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
