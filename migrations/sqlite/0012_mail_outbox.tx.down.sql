DROP INDEX orders_intent_any_board_idx;
--bun:split
DROP TABLE mail_outbox;
