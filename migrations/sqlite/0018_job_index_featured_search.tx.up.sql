-- PostgreSQL gives featured jobs a search index of their own; SQLite's
-- FTS5 table has no partial indexes, and its featured matches are found by
-- the featured index of job_index as before.
SELECT 1;
