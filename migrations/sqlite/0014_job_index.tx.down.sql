DROP TRIGGER job_index_company;
--bun:split
DROP TRIGGER job_index_delete;
--bun:split
DROP TRIGGER job_index_update;
--bun:split
DROP TRIGGER job_index_insert;
--bun:split
DROP VIEW job_index_source;
--bun:split
DROP TABLE job_index;
