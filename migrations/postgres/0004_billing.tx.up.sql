CREATE TABLE prices (
    tenant_id     uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    product       text NOT NULL CHECK (product IN ('job_posting', 'featured', 'premium_profile')),
    currency      text NOT NULL,
    amount        bigint NOT NULL CHECK (amount >= 0),
    duration_days integer NOT NULL CHECK (duration_days > 0),
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, product)
);
--bun:split
CREATE TABLE orders (
    tenant_id      uuid NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id             uuid NOT NULL,
    product        text NOT NULL CHECK (product IN ('job_posting', 'featured', 'premium_profile')),
    company_id     uuid NOT NULL,
    job_id         uuid,
    amount         bigint NOT NULL CHECK (amount >= 0),
    currency       text NOT NULL,
    duration_days  integer NOT NULL,
    status         text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'canceled', 'refunded')),
    customer_email text NOT NULL DEFAULT '',
    created_by     uuid NOT NULL,
    session_id     text NOT NULL DEFAULT '',
    payment_intent text NOT NULL DEFAULT '',
    receipt_url    text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    paid_at        timestamptz,
    refunded_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE
);
--bun:split
CREATE INDEX orders_company_idx ON orders (tenant_id, company_id, created_at DESC);
--bun:split
CREATE INDEX orders_board_idx ON orders (tenant_id, created_at DESC);
--bun:split
CREATE INDEX orders_status_idx ON orders (tenant_id, status, created_at);
--bun:split
CREATE INDEX orders_session_idx ON orders (tenant_id, session_id);
--bun:split
CREATE INDEX orders_payment_intent_idx ON orders (tenant_id, payment_intent);
--bun:split
-- One row per order whose effect was applied: the primary key makes
-- fulfilment happen once, however many times a payment is reported.
CREATE TABLE fulfilments (
    tenant_id    uuid NOT NULL,
    order_id     uuid NOT NULL,
    fulfilled_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, order_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
--bun:split
-- Gateway events already processed. Event ids are the gateway's, global
-- across boards.
CREATE TABLE payment_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL
);
