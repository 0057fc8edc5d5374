ALTER TABLE jobs ADD COLUMN taken_down_at timestamp;
--bun:split
ALTER TABLE jobs ADD COLUMN revision text;
--bun:split
ALTER TABLE jobs ADD COLUMN revision_at timestamp;
--bun:split
ALTER TABLE companies ADD COLUMN taken_down_at timestamp;
--bun:split
ALTER TABLE companies ADD COLUMN revision text;
--bun:split
ALTER TABLE companies ADD COLUMN revision_at timestamp;
--bun:split
CREATE INDEX jobs_review_idx ON jobs (tenant_id, status, updated_at);
--bun:split
CREATE INDEX jobs_revision_idx ON jobs (tenant_id, revision_at) WHERE revision_at IS NOT NULL;
--bun:split
CREATE INDEX companies_revision_idx ON companies (tenant_id, revision_at) WHERE revision_at IS NOT NULL;
--bun:split
CREATE INDEX job_locations_lower_idx ON job_locations (tenant_id, lower(location));
--bun:split
CREATE TABLE reports (
    tenant_id   text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('job', 'company')),
    item_id     text NOT NULL,
    reason      text NOT NULL,
    note        text NOT NULL DEFAULT '',
    reporter    text NOT NULL DEFAULT '',
    created_at  timestamp NOT NULL,
    resolved_at timestamp,
    PRIMARY KEY (tenant_id, id)
);
--bun:split
CREATE INDEX reports_open_idx ON reports (tenant_id, resolved_at, kind, item_id);
--bun:split
CREATE TABLE audit_log (
    tenant_id  text NOT NULL REFERENCES boards (id),
    id         text NOT NULL,
    at         timestamp NOT NULL,
    actor_id   text NOT NULL,
    actor_name text NOT NULL,
    role       text NOT NULL,
    action     text NOT NULL,
    kind       text NOT NULL,
    item_id    text NOT NULL DEFAULT '',
    before     text NOT NULL DEFAULT '',
    after      text NOT NULL DEFAULT '',
    note       text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
--bun:split
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at DESC);
--bun:split
CREATE INDEX audit_log_action_idx ON audit_log (tenant_id, action, at DESC);
--bun:split
CREATE INDEX audit_log_item_idx ON audit_log (tenant_id, item_id, at DESC);
--bun:split
-- The audit log is append-only: the database itself refuses changes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
--bun:split
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
--bun:split
CREATE TABLE staff_invitations (
    tenant_id   text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          text NOT NULL,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'moderator')),
    token_hash  text NOT NULL,
    invited_by  text NOT NULL,
    expires_at  timestamp NOT NULL,
    accepted_at timestamp,
    created_at  timestamp NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT staff_invitations_token_key UNIQUE (tenant_id, token_hash)
);
