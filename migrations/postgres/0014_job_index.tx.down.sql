CREATE INDEX jobs_search_idx ON jobs USING gin (search);
--bun:split
DROP TRIGGER job_index_company_sync ON companies;
--bun:split
DROP TRIGGER job_index_sync ON jobs;
--bun:split
DROP FUNCTION job_index_company_sync();
--bun:split
DROP FUNCTION job_index_sync();
--bun:split
DROP FUNCTION job_index_refill();
--bun:split
DROP VIEW job_index_source;
--bun:split
DROP FUNCTION job_title_tokens(tsvector);
--bun:split
DROP TABLE job_index;
