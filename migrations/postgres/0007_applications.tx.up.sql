-- On-site applications: a third apply method for jobs.
ALTER TABLE jobs ADD COLUMN apply_onsite boolean NOT NULL DEFAULT false;
--bun:split
CREATE TABLE saved_jobs (
    tenant_id  uuid NOT NULL,
    user_id    uuid NOT NULL,
    job_id     uuid NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id, job_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX saved_jobs_job_idx ON saved_jobs (tenant_id, job_id);
--bun:split
CREATE INDEX saved_jobs_user_idx ON saved_jobs (tenant_id, user_id, created_at DESC);
--bun:split
-- user_id is NULL once the candidate deleted their account: the row stays,
-- anonymised, so that the company's counts do not change. The foreign key
-- has no ON DELETE action: the account deletion anonymises first.
CREATE TABLE applications (
    tenant_id     uuid NOT NULL,
    id            uuid NOT NULL,
    job_id        uuid NOT NULL,
    company_id    uuid NOT NULL,
    user_id       uuid,
    name          text NOT NULL,
    email         text NOT NULL,
    cover_letter  text NOT NULL DEFAULT '',
    cv_key        text NOT NULL DEFAULT '',
    cv_name       text NOT NULL DEFAULT '',
    cv_type       text NOT NULL DEFAULT '' CHECK (cv_type IN ('', 'pdf', 'docx')),
    cv_size       bigint NOT NULL DEFAULT 0,
    status        text NOT NULL CHECK (status IN ('new', 'reviewing', 'shortlisted', 'rejected', 'hired')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    anonymised_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT applications_job_user_key UNIQUE (tenant_id, job_id, user_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
--bun:split
CREATE INDEX applications_job_idx ON applications (tenant_id, job_id, created_at DESC);
--bun:split
CREATE INDEX applications_company_idx ON applications (tenant_id, company_id, status);
--bun:split
CREATE INDEX applications_user_idx ON applications (tenant_id, user_id, created_at DESC);
--bun:split
-- Browser sessions name their board user, so that deleting an account can
-- end every session of it.
ALTER TABLE sessions ADD COLUMN tenant_id uuid;
--bun:split
ALTER TABLE sessions ADD COLUMN user_id uuid;
--bun:split
CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id) WHERE user_id IS NOT NULL;
