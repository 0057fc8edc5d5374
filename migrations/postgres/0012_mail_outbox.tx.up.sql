-- Mails that must leave once, after the transaction that decided them
-- commits (order receipts): written in that transaction, sent by whoever
-- gets to them first, leased so two senders never take the same one.
CREATE TABLE mail_outbox (
    tenant_id       uuid NOT NULL REFERENCES boards (id),
    id              uuid NOT NULL,
    dedupe_key      text NOT NULL,
    recipient       text NOT NULL,
    from_name       text NOT NULL DEFAULT '',
    subject         text NOT NULL,
    body            text NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, dedupe_key)
);
--bun:split
CREATE INDEX mail_outbox_due_idx ON mail_outbox (tenant_id, next_attempt_at) WHERE status = 'pending';
--bun:split
-- A dispute names the payment, not the board: find its order by intent.
CREATE INDEX orders_intent_any_board_idx ON orders (payment_intent) WHERE payment_intent <> '';
