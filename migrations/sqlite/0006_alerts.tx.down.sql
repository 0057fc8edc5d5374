DROP TABLE alert_deliveries;
--bun:split
DROP TABLE alerts;
--bun:split
DROP TABLE alert_subscribers;
