ALTER TABLE job_stats DROP CONSTRAINT job_stats_tenant_id_fkey;
--bun:split
DELETE FROM job_stats AS s WHERE NOT EXISTS (SELECT 1 FROM jobs AS j WHERE j.tenant_id = s.tenant_id AND j.id = s.job_id);
--bun:split
ALTER TABLE job_stats ADD CONSTRAINT job_stats_tenant_id_job_id_fkey FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE;
