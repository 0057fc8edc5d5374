-- A job's statistics are keyed to its board instead of to the job, as on
-- PostgreSQL (where the key to jobs locked each counted job's row). SQLite
-- changes a foreign key by rebuilding the table.
CREATE TABLE job_stats_new (
    tenant_id          text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    job_id             text NOT NULL,
    views              integer NOT NULL DEFAULT 0,
    apply_clicks       integer NOT NULL DEFAULT 0,
    widget_impressions integer NOT NULL DEFAULT 0,
    widget_clicks      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, job_id)
);
--bun:split
INSERT INTO job_stats_new SELECT tenant_id, job_id, views, apply_clicks, widget_impressions, widget_clicks FROM job_stats;
--bun:split
DROP TABLE job_stats;
--bun:split
ALTER TABLE job_stats_new RENAME TO job_stats;
