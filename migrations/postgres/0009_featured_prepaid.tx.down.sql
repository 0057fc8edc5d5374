ALTER TABLE jobs DROP COLUMN featured_pending_seconds;
