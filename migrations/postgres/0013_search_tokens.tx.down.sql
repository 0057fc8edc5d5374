DROP TABLE search_words;
--bun:split
ALTER TABLE jobs DROP COLUMN search_version;
--bun:split
ALTER TABLE jobs DROP COLUMN search;
--bun:split
ALTER TABLE jobs ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', keywords), 'B') ||
    setweight(to_tsvector('english', description), 'C')
) STORED;
--bun:split
CREATE INDEX jobs_search_idx ON jobs USING gin (tenant_id, search);
