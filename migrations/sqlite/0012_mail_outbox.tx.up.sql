-- Mails that must leave once, after the transaction that decided them
-- commits (order receipts): written in that transaction, sent by whoever
-- gets to them first, leased so two senders never take the same one.
CREATE TABLE mail_outbox (
    tenant_id       TEXT NOT NULL REFERENCES boards (id),
    id              TEXT NOT NULL,
    dedupe_key      TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    from_name       TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, dedupe_key)
);
--bun:split
CREATE INDEX mail_outbox_due_idx ON mail_outbox (tenant_id, next_attempt_at) WHERE status = 'pending';
--bun:split
-- A dispute names the payment, not the board: find its order by intent.
CREATE INDEX orders_intent_any_board_idx ON orders (payment_intent) WHERE payment_intent <> '';
