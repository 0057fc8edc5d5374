DROP TABLE search_words;
--bun:split
DROP TRIGGER job_search_update;
--bun:split
DROP TRIGGER job_search_delete;
--bun:split
DROP TRIGGER job_search_insert;
--bun:split
DROP TABLE job_search;
--bun:split
ALTER TABLE jobs DROP COLUMN search_version;
--bun:split
ALTER TABLE jobs DROP COLUMN search;
--bun:split
CREATE VIRTUAL TABLE jobs_fts USING fts5(title, keywords, description, content='jobs', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--bun:split
INSERT INTO jobs_fts (jobs_fts) VALUES ('rebuild');
--bun:split
CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, title, keywords, description) VALUES (new.rowid, new.title, new.keywords, new.description);
END;
--bun:split
CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, keywords, description) VALUES ('delete', old.rowid, old.title, old.keywords, old.description);
END;
--bun:split
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, keywords, description ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, title, keywords, description) VALUES ('delete', old.rowid, old.title, old.keywords, old.description);
    INSERT INTO jobs_fts (rowid, title, keywords, description) VALUES (new.rowid, new.title, new.keywords, new.description);
END;
