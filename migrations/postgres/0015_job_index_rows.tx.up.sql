-- job_index.locations holds each open job's locations once, and Remote for
-- remote work (what job_locations holds for the filter), so that the
-- location facet counts them from the rows of its sample instead of looking
-- up job_locations once per job.
--
-- title_search goes: a title match is found in the search index itself
-- (its title tokens are tokens of search), without reading any row.
CREATE FUNCTION job_index_locations(locations jsonb, workplace text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT DISTINCT l FROM jsonb_array_elements_text(
        locations || CASE WHEN workplace = 'remote' THEN '["Remote"]'::jsonb ELSE '[]'::jsonb END) AS l ORDER BY l)
$$;
--bun:split
ALTER TABLE job_index ADD COLUMN locations text[] NOT NULL DEFAULT '{}';
--bun:split
-- Inline: with toast_tuple_target at 128 bytes, a list of the default
-- storage would be moved out of line, and reading it would cost an index
-- lookup per row.
ALTER TABLE job_index ALTER COLUMN locations SET STORAGE MAIN;
--bun:split
DROP VIEW job_index_source;
--bun:split
ALTER TABLE job_index DROP COLUMN title_search;
--bun:split
CREATE VIEW job_index_source AS
SELECT j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until, j.category, j.workplace,
    j.employment_type, j.salary_year_max, j.search, job_index_locations(j.locations, j.workplace) AS locations
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
CREATE OR REPLACE FUNCTION job_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
            employment_type = NEW.employment_type, salary_year_max = NEW.salary_year_max,
            locations = job_index_locations(NEW.locations, NEW.workplace)
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
-- Written again in list order rather than updated in place, so that each
-- board's rows stay together.
SELECT job_index_refill();
--bun:split
ANALYZE job_index;
