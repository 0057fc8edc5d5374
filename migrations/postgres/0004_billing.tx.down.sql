DROP TABLE payment_events;
--bun:split
DROP TABLE fulfilments;
--bun:split
DROP TABLE orders;
--bun:split
DROP TABLE prices;
