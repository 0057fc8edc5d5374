-- job_index holds one narrow row per open job (published, neither the job
-- nor its company taken down; expiry is checked when reading): what lists,
-- searches and facets filter and order by. job_rowid is the job's rowid,
-- which the FTS5 table job_search matches by. Triggers on jobs and
-- companies keep it in step with every write in the same transaction.
CREATE TABLE job_index (
    job_rowid       INTEGER PRIMARY KEY,
    tenant_id       text NOT NULL,
    job_id          text NOT NULL,
    company_id      text NOT NULL,
    published_at    timestamp NOT NULL,
    expires_at      timestamp,
    featured_until  timestamp,
    category        text NOT NULL,
    workplace       text NOT NULL,
    employment_type text NOT NULL,
    salary_year_max integer,
    UNIQUE (tenant_id, job_id)
);
--bun:split
-- job_index_source is what job_index holds: every open job's row.
CREATE VIEW job_index_source AS
SELECT j.rowid AS job_rowid, j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until,
    j.category, j.workplace, j.employment_type, j.salary_year_max
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
CREATE TRIGGER job_index_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO job_index SELECT * FROM job_index_source WHERE job_rowid = new.rowid;
END;
--bun:split
CREATE TRIGGER job_index_update AFTER UPDATE ON jobs BEGIN
    DELETE FROM job_index WHERE job_rowid = old.rowid;
    INSERT INTO job_index SELECT * FROM job_index_source WHERE job_rowid = new.rowid;
END;
--bun:split
CREATE TRIGGER job_index_delete AFTER DELETE ON jobs BEGIN
    DELETE FROM job_index WHERE job_rowid = old.rowid;
END;
--bun:split
CREATE TRIGGER job_index_company AFTER UPDATE OF taken_down_at ON companies WHEN old.taken_down_at IS NOT new.taken_down_at BEGIN
    DELETE FROM job_index WHERE tenant_id = new.tenant_id AND company_id = new.id;
    INSERT INTO job_index SELECT * FROM job_index_source WHERE tenant_id = new.tenant_id AND company_id = new.id;
END;
--bun:split
INSERT INTO job_index SELECT * FROM job_index_source ORDER BY tenant_id, published_at DESC;
--bun:split
CREATE INDEX job_index_list_idx ON job_index (tenant_id, published_at DESC, job_id DESC);
--bun:split
CREATE INDEX job_index_featured_idx ON job_index (tenant_id, featured_until) WHERE featured_until IS NOT NULL;
