-- job_index.locations holds each open job's locations once, and Remote for
-- remote work (what job_locations holds for the filter), as a JSON array,
-- so that the location facet counts them from the rows of its sample
-- instead of looking up job_locations once per job.
ALTER TABLE job_index ADD COLUMN locations text NOT NULL DEFAULT '[]';
--bun:split
DROP VIEW job_index_source;
--bun:split
CREATE VIEW job_index_source AS
SELECT j.rowid AS job_rowid, j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until,
    j.category, j.workplace, j.employment_type, j.salary_year_max,
    (SELECT json_group_array(DISTINCT l.value) FROM json_each(
        CASE WHEN j.workplace = 'remote' THEN json_insert(j.locations, '$[#]', 'Remote') ELSE j.locations END) AS l) AS locations
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
UPDATE job_index SET locations = (SELECT s.locations FROM job_index_source AS s WHERE s.job_rowid = job_index.job_rowid);
