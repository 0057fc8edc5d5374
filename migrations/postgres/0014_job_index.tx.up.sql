-- job_index holds one narrow row per open job (published, neither the job
-- nor its company taken down; expiry is checked when reading): what lists,
-- searches and facets filter and order by, and the search tokens, kept out
-- of line so that a row costs about 200 bytes instead of the 3 KB of a
-- jobs row with its description. title_search holds the title tokens
-- ("t" tokens, searchtext.go) of search, small and inline, so that ranking
-- title matches first reads no out-of-line tokens. Triggers on jobs and
-- companies keep it in step with every write in the same transaction.
CREATE TABLE job_index (
    tenant_id       uuid NOT NULL,
    job_id          uuid NOT NULL,
    company_id      uuid NOT NULL,
    published_at    timestamptz NOT NULL,
    expires_at      timestamptz,
    featured_until  timestamptz,
    category        text NOT NULL,
    workplace       text NOT NULL,
    employment_type text NOT NULL,
    salary_year_max bigint,
    title_search    tsvector NOT NULL,
    search          tsvector NOT NULL,
    PRIMARY KEY (tenant_id, job_id)
) WITH (toast_tuple_target = 128, fillfactor = 90);
--bun:split
ALTER TABLE job_index ALTER COLUMN search SET STORAGE EXTERNAL;
--bun:split
ALTER TABLE job_index ALTER COLUMN title_search SET STORAGE MAIN;
--bun:split
CREATE FUNCTION job_title_tokens(s tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ts_delete(s, ARRAY(SELECT l FROM unnest(tsvector_to_array(s)) AS l WHERE left(l, 1) <> 't'))
$$;
--bun:split
-- job_index_source is what job_index holds: every open job's row.
CREATE VIEW job_index_source AS
SELECT j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until, j.category, j.workplace,
    j.employment_type, j.salary_year_max, job_title_tokens(j.search) AS title_search, j.search
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
CREATE FUNCTION job_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r jobs%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    -- The company's row is locked for share first: a take-down or
    -- restore of the company in another transaction then waits for this
    -- one, or this one for it, and the later of the two sees the other's
    -- rows (without it, each trigger misses the row the other has not
    -- committed yet, and a taken-down company's job stays listed).
    PERFORM 1 FROM companies WHERE tenant_id = r.tenant_id AND id = r.company_id FOR SHARE;
    IF TG_OP = 'UPDATE' AND OLD.search = NEW.search
        AND NEW.status = 'published' AND NEW.published_at IS NOT NULL AND NEW.taken_down_at IS NULL THEN
        -- Same tokens: the row keeps its out-of-line value instead of
        -- writing a new copy.
        UPDATE job_index SET company_id = NEW.company_id, published_at = NEW.published_at, expires_at = NEW.expires_at,
            featured_until = NEW.featured_until, category = NEW.category, workplace = NEW.workplace,
            employment_type = NEW.employment_type, salary_year_max = NEW.salary_year_max
        WHERE tenant_id = NEW.tenant_id AND job_id = NEW.id;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM job_index WHERE tenant_id = OLD.tenant_id AND job_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO job_index SELECT * FROM job_index_source WHERE tenant_id = NEW.tenant_id AND job_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER job_index_sync AFTER INSERT OR UPDATE OR DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION job_index_sync();
--bun:split
CREATE FUNCTION job_index_company_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_index WHERE tenant_id = NEW.tenant_id AND company_id = NEW.id;
    INSERT INTO job_index SELECT * FROM job_index_source WHERE tenant_id = NEW.tenant_id AND company_id = NEW.id;
    RETURN NULL;
END
$$;
--bun:split
CREATE TRIGGER job_index_company_sync AFTER UPDATE OF taken_down_at ON companies FOR EACH ROW
    WHEN (OLD.taken_down_at IS DISTINCT FROM NEW.taken_down_at) EXECUTE FUNCTION job_index_company_sync();
--bun:split
-- job_index_refill writes job_index again from jobs: after this migration,
-- and after a bulk load that ran with job_index_sync disabled. Each board's
-- rows go together, newest first, so that a board's list and its matches
-- read few pages.
CREATE FUNCTION job_index_refill() RETURNS void LANGUAGE sql AS $$
    DELETE FROM job_index;
    INSERT INTO job_index SELECT * FROM job_index_source ORDER BY tenant_id, published_at DESC;
$$;
--bun:split
SELECT job_index_refill();
--bun:split
CREATE INDEX job_index_list_idx ON job_index (tenant_id, published_at DESC, job_id DESC);
--bun:split
CREATE INDEX job_index_featured_idx ON job_index (tenant_id, featured_until) WHERE featured_until IS NOT NULL;
--bun:split
CREATE INDEX job_index_search_idx ON job_index USING gin (search);
--bun:split
-- Searches read job_index; the jobs' own token index only slowed writes.
DROP INDEX jobs_search_idx;
--bun:split
ANALYZE job_index;
