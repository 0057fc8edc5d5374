CREATE TABLE jobs (
    tenant_id           text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id                  text NOT NULL,
    company_id          text NOT NULL,
    slug                text NOT NULL,
    title               text NOT NULL,
    description         text NOT NULL,
    description_html    text NOT NULL,
    keywords            text NOT NULL DEFAULT '',
    employment_type     text NOT NULL,
    workplace           text NOT NULL CHECK (workplace IN ('onsite', 'hybrid', 'remote')),
    locations           text NOT NULL DEFAULT '[]',
    applicant_countries text NOT NULL DEFAULT '[]',
    salary_min          integer,
    salary_max          integer,
    salary_currency     text NOT NULL DEFAULT '',
    salary_period       text NOT NULL DEFAULT '',
    salary_year_max     integer,
    category            text NOT NULL DEFAULT '',
    seniority           text NOT NULL DEFAULT '',
    tags                text NOT NULL DEFAULT '[]',
    apply_url           text NOT NULL DEFAULT '',
    apply_email         text NOT NULL DEFAULT '',
    closing_date        timestamp,
    status              text NOT NULL CHECK (status IN ('draft', 'pending', 'published', 'rejected', 'expired', 'closed')),
    rejection_reason    text NOT NULL DEFAULT '',
    published_at        timestamp,
    expires_at          timestamp,
    featured_until      timestamp,
    closed_at           timestamp,
    created_by          text NOT NULL,
    created_at          timestamp NOT NULL,
    updated_at          timestamp NOT NULL,
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
CREATE VIRTUAL TABLE jobs_fts USING fts5(title, keywords, description, content='jobs', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--bun:split
CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, title, keywords, description) VALUES (new.rowid, new.title, new.keywords, new.description);
END;
--bun:split
CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, keywords, description) VALUES ('delete', old.rowid, old.title, old.keywords, old.description);
END;
--bun:split
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, keywords, description ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, keywords, description) VALUES ('delete', old.rowid, old.title, old.keywords, old.description);
    INSERT INTO jobs_fts (rowid, title, keywords, description) VALUES (new.rowid, new.title, new.keywords, new.description);
END;
--bun:split
CREATE TABLE job_locations (
    tenant_id text NOT NULL,
    job_id    text NOT NULL,
    location  text NOT NULL,
    PRIMARY KEY (tenant_id, job_id, location),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX job_locations_location_idx ON job_locations (tenant_id, location);
--bun:split
CREATE TABLE job_stats (
    tenant_id          text NOT NULL,
    job_id             text NOT NULL,
    views              integer NOT NULL DEFAULT 0,
    apply_clicks       integer NOT NULL DEFAULT 0,
    widget_impressions integer NOT NULL DEFAULT 0,
    widget_clicks      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, job_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
