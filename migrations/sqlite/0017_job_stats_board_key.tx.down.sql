CREATE TABLE job_stats_old (
    tenant_id          text NOT NULL,
    job_id             text NOT NULL,
    views              integer NOT NULL DEFAULT 0,
    apply_clicks       integer NOT NULL DEFAULT 0,
    widget_impressions integer NOT NULL DEFAULT 0,
    widget_clicks      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, job_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
--bun:split
INSERT INTO job_stats_old SELECT s.tenant_id, s.job_id, s.views, s.apply_clicks, s.widget_impressions, s.widget_clicks
FROM job_stats AS s WHERE EXISTS (SELECT 1 FROM jobs AS j WHERE j.tenant_id = s.tenant_id AND j.id = s.job_id);
--bun:split
DROP TABLE job_stats;
--bun:split
ALTER TABLE job_stats_old RENAME TO job_stats;
