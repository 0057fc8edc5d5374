CREATE TABLE alert_subscribers (
    tenant_id  text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id         text NOT NULL,
    email      text NOT NULL,
    created_at timestamp NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT alert_subscribers_email_key UNIQUE (tenant_id, email)
);
--bun:split
CREATE TABLE alerts (
    tenant_id          text NOT NULL,
    id                 text NOT NULL,
    subscriber_id      text NOT NULL,
    search_key         text NOT NULL,
    query              text NOT NULL DEFAULT '',
    category           text NOT NULL DEFAULT '',
    location           text NOT NULL DEFAULT '',
    workplace          text NOT NULL DEFAULT '',
    employment_type    text NOT NULL DEFAULT '',
    company            text NOT NULL DEFAULT '',
    min_salary         bigint NOT NULL DEFAULT 0 CHECK (min_salary >= 0),
    frequency          text NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly')),
    confirm_hash       text,
    confirm_expires_at timestamp,
    confirmed_at       timestamp,
    window_start       timestamp,
    next_run_at        timestamp,
    created_at         timestamp NOT NULL,
    updated_at         timestamp NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT alerts_search_key UNIQUE (tenant_id, subscriber_id, search_key),
    FOREIGN KEY (tenant_id, subscriber_id) REFERENCES alert_subscribers (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE UNIQUE INDEX alerts_confirm_idx ON alerts (tenant_id, confirm_hash) WHERE confirm_hash IS NOT NULL;
--bun:split
CREATE INDEX alerts_due_idx ON alerts (tenant_id, next_run_at) WHERE confirmed_at IS NOT NULL;
--bun:split
CREATE TABLE alert_deliveries (
    tenant_id       text NOT NULL,
    id              text NOT NULL,
    alert_id        text NOT NULL,
    period_start    timestamp NOT NULL,
    period_end      timestamp NOT NULL,
    recipient       text NOT NULL,
    from_name       text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    unsubscribe_url text NOT NULL,
    jobs            integer NOT NULL DEFAULT 0,
    status          text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamp NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamp NOT NULL,
    sent_at         timestamp,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT alert_deliveries_period_key UNIQUE (tenant_id, alert_id, period_start),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alerts (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX alert_deliveries_pending_idx ON alert_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';
