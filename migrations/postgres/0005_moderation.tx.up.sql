ALTER TABLE jobs ADD COLUMN taken_down_at timestamptz;
--bun:split
ALTER TABLE jobs ADD COLUMN revision text;
--bun:split
ALTER TABLE jobs ADD COLUMN revision_at timestamptz;
--bun:split
ALTER TABLE companies ADD COLUMN taken_down_at timestamptz;
--bun:split
ALTER TABLE companies ADD COLUMN revision text;
--bun:split
ALTER TABLE companies ADD COLUMN revision_at timestamptz;
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
    tenant_id   uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('job', 'company')),
    item_id     uuid NOT NULL,
    reason      text NOT NULL,
    note        text NOT NULL DEFAULT '',
    reporter    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    PRIMARY KEY (tenant_id, id)
);
--bun:split
CREATE INDEX reports_open_idx ON reports (tenant_id, resolved_at, kind, item_id);
--bun:split
CREATE TABLE audit_log (
    tenant_id  uuid NOT NULL REFERENCES boards (id),
    id         uuid NOT NULL,
    at         timestamptz NOT NULL,
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
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
--bun:split
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--bun:split
CREATE TABLE staff_invitations (
    tenant_id   uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'moderator')),
    token_hash  text NOT NULL,
    invited_by  uuid NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT staff_invitations_token_key UNIQUE (tenant_id, token_hash)
);
