CREATE OR REPLACE FUNCTION job_index_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r jobs%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM 1 FROM companies WHERE tenant_id = r.tenant_id AND id = r.company_id FOR SHARE;
    IF TG_OP = 'UPDATE' AND OLD.search = NEW.search
        AND NEW.status = 'published' AND NEW.published_at IS NOT NULL AND NEW.taken_down_at IS NULL THEN
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
DROP VIEW job_index_source;
--bun:split
ALTER TABLE job_index DROP COLUMN locations;
--bun:split
ALTER TABLE job_index DROP COLUMN search;
--bun:split
ALTER TABLE job_index ADD COLUMN title_search tsvector NOT NULL DEFAULT '';
--bun:split
ALTER TABLE job_index ALTER COLUMN title_search DROP DEFAULT;
--bun:split
ALTER TABLE job_index ALTER COLUMN title_search SET STORAGE MAIN;
--bun:split
ALTER TABLE job_index ADD COLUMN search tsvector NOT NULL DEFAULT '';
--bun:split
ALTER TABLE job_index ALTER COLUMN search DROP DEFAULT;
--bun:split
ALTER TABLE job_index ALTER COLUMN search SET STORAGE EXTERNAL;
--bun:split
CREATE VIEW job_index_source AS
SELECT j.tenant_id, j.id AS job_id, j.company_id, j.published_at, j.expires_at, j.featured_until, j.category, j.workplace,
    j.employment_type, j.salary_year_max, job_title_tokens(j.search) AS title_search, j.search
FROM jobs AS j JOIN companies AS c ON c.tenant_id = j.tenant_id AND c.id = j.company_id
WHERE j.status = 'published' AND j.published_at IS NOT NULL AND j.taken_down_at IS NULL AND c.taken_down_at IS NULL;
--bun:split
DROP FUNCTION job_index_locations(jsonb, text);
--bun:split
SELECT job_index_refill();
--bun:split
CREATE INDEX job_index_search_idx ON job_index USING gin (search);
