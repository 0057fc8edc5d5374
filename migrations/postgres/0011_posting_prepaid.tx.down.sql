ALTER TABLE jobs DROP COLUMN posting_pending_seconds;
