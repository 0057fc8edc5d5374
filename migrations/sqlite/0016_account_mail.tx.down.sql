DROP TABLE account_tokens;
--bun:split
ALTER TABLE users DROP COLUMN email_verified_at;
