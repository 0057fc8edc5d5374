-- orders.job_id references the job, tenant included, like every other
-- reference. Not a .tx file only to share the name of the SQLite migration,
-- which has to run outside a transaction; the work here is one.
BEGIN;
--bun:split
-- An order of a job that no longer exists keeps its record without the
-- dangling reference.
UPDATE orders SET job_id = NULL
WHERE job_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.tenant_id = orders.tenant_id AND j.id = orders.job_id);
--bun:split
ALTER TABLE orders ADD CONSTRAINT orders_job_fk FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id);
--bun:split
COMMIT;
