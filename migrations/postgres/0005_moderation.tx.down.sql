DROP TABLE staff_invitations;
--bun:split
DROP TRIGGER audit_log_no_update ON audit_log;
--bun:split
DROP FUNCTION audit_log_append_only();
--bun:split
DROP TABLE audit_log;
--bun:split
DROP TABLE reports;
--bun:split
DROP INDEX job_locations_lower_idx;
--bun:split
DROP INDEX companies_revision_idx;
--bun:split
DROP INDEX jobs_revision_idx;
--bun:split
DROP INDEX jobs_review_idx;
--bun:split
ALTER TABLE companies DROP COLUMN revision_at;
--bun:split
ALTER TABLE companies DROP COLUMN revision;
--bun:split
ALTER TABLE companies DROP COLUMN taken_down_at;
--bun:split
ALTER TABLE jobs DROP COLUMN revision_at;
--bun:split
ALTER TABLE jobs DROP COLUMN revision;
--bun:split
ALTER TABLE jobs DROP COLUMN taken_down_at;
