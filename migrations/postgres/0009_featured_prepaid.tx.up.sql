-- Featured time bought before a job is published: it starts when the job
-- goes live, so time spent waiting for review is not lost.
ALTER TABLE jobs ADD COLUMN featured_pending_seconds bigint NOT NULL DEFAULT 0;
