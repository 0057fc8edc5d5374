DROP INDEX sessions_user_idx;
--bun:split
ALTER TABLE sessions DROP COLUMN user_id;
--bun:split
ALTER TABLE sessions DROP COLUMN tenant_id;
--bun:split
DROP TABLE applications;
--bun:split
DROP TABLE saved_jobs;
--bun:split
ALTER TABLE jobs DROP COLUMN apply_onsite;
