DROP VIEW job_index_source;
--bun:split
CREATE VIEW job_index_source AS
SELECT j.rowid AS job_rowid, j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until,
    j.category, j.workplace, j.employment_type, j.salary_year_max
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
ALTER TABLE job_index DROP COLUMN locations;
