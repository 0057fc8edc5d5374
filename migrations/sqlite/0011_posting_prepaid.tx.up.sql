-- Paid posting time bought while a job waits for review: it becomes the
-- job's run when it is published, so several paid postings add up.
ALTER TABLE jobs ADD COLUMN posting_pending_seconds INTEGER NOT NULL DEFAULT 0;
--bun:split
-- A job already waiting for review with a paid posting was to run for the
-- period paid for once approved: it keeps that period.
UPDATE jobs SET posting_pending_seconds = (
    SELECT MAX(o.duration_days) * 86400 FROM orders o
    WHERE o.tenant_id = jobs.tenant_id AND o.job_id = jobs.id AND o.product = 'job_posting' AND o.status = 'paid')
WHERE status = 'pending' AND EXISTS (
    SELECT 1 FROM orders o
    WHERE o.tenant_id = jobs.tenant_id AND o.job_id = jobs.id AND o.product = 'job_posting' AND o.status = 'paid');
