-- Paid posting time bought while a job waits for review: it becomes the
-- job's run when it is published, so several paid postings add up.
ALTER TABLE jobs ADD COLUMN posting_pending_seconds bigint NOT NULL DEFAULT 0;
