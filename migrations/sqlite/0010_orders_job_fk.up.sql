-- orders.job_id references the job, tenant included, like every other
-- reference. SQLite cannot add a constraint to a table, so the table is
-- rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter): with
-- foreign keys off, so that dropping the old table does not cascade to
-- fulfilments, and outside bun's transaction, because the pragma has no
-- effect inside one; the rebuild itself is one transaction.
PRAGMA foreign_keys = OFF;
--bun:split
BEGIN IMMEDIATE;
--bun:split
-- An order of a job that no longer exists keeps its record without the
-- dangling reference.
UPDATE orders SET job_id = NULL
WHERE job_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.tenant_id = orders.tenant_id AND j.id = orders.job_id);
--bun:split
CREATE TABLE orders_rebuild (
    tenant_id      text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id             text NOT NULL,
    product        text NOT NULL CHECK (product IN ('job_posting', 'featured', 'premium_profile')),
    company_id     text NOT NULL,
    job_id         text,
    amount         integer NOT NULL CHECK (amount >= 0),
    currency       text NOT NULL,
    duration_days  integer NOT NULL,
    status         text NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'expired', 'canceled', 'refunded')),
    customer_email text NOT NULL DEFAULT '',
    created_by     text NOT NULL,
    session_id     text NOT NULL DEFAULT '',
    payment_intent text NOT NULL DEFAULT '',
    receipt_url    text NOT NULL DEFAULT '',
    created_at     timestamp NOT NULL,
    paid_at        timestamp,
    refunded_at    timestamp,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES companies (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id)
);
--bun:split
INSERT INTO orders_rebuild (tenant_id, id, product, company_id, job_id, amount, currency, duration_days, status, customer_email, created_by, session_id, payment_intent, receipt_url, created_at, paid_at, refunded_at)
SELECT tenant_id, id, product, company_id, job_id, amount, currency, duration_days, status, customer_email, created_by, session_id, payment_intent, receipt_url, created_at, paid_at, refunded_at FROM orders;
--bun:split
DROP TABLE orders;
--bun:split
ALTER TABLE orders_rebuild RENAME TO orders;
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
COMMIT;
--bun:split
PRAGMA foreign_keys = ON;
