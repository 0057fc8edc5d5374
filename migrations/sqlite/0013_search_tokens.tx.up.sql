-- The program writes a job's search tokens itself into jobs.search
-- (board-scoped, stemmed in the board's language); the FTS5 table
-- job_search indexes that column alone. search_words is each board's
-- vocabulary for typo correction. Existing jobs are indexed by the program
-- after migrating (search_version 0).
DROP TRIGGER jobs_fts_update;
--bun:split
DROP TRIGGER jobs_fts_delete;
--bun:split
DROP TRIGGER jobs_fts_insert;
--bun:split
DROP TABLE jobs_fts;
--bun:split
ALTER TABLE jobs ADD COLUMN search text NOT NULL DEFAULT '';
--bun:split
ALTER TABLE jobs ADD COLUMN search_version integer NOT NULL DEFAULT 0;
--bun:split
CREATE VIRTUAL TABLE job_search USING fts5(search, content='jobs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0');
--bun:split
INSERT INTO job_search (job_search) VALUES ('rebuild');
--bun:split
CREATE TRIGGER job_search_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO job_search (rowid, search) VALUES (new.rowid, new.search);
END;
--bun:split
CREATE TRIGGER job_search_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO job_search (job_search, rowid, search) VALUES ('delete', old.rowid, old.search);
END;
--bun:split
CREATE TRIGGER job_search_update AFTER UPDATE OF search ON jobs BEGIN
    INSERT INTO job_search (job_search, rowid, search) VALUES ('delete', old.rowid, old.search);
    INSERT INTO job_search (rowid, search) VALUES (new.rowid, new.search);
END;
--bun:split
CREATE TABLE search_words (
    tenant_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    key       text NOT NULL,
    word      text NOT NULL,
    PRIMARY KEY (tenant_id, key, word)
);
