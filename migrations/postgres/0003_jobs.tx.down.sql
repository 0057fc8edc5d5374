DROP TABLE job_stats;
--bun:split
DROP TABLE job_locations;
--bun:split
DROP TABLE jobs;
