DROP TABLE job_stats;
--bun:split
DROP TABLE job_locations;
--bun:split
DROP TRIGGER jobs_fts_update;
--bun:split
DROP TRIGGER jobs_fts_delete;
--bun:split
DROP TRIGGER jobs_fts_insert;
--bun:split
DROP TABLE jobs_fts;
--bun:split
DROP TABLE jobs;
