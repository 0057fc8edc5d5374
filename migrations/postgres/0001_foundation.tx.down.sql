DROP TABLE platform_secrets;
--bun:split
DROP TABLE throttles;
--bun:split
DROP TABLE sessions;
--bun:split
DROP TABLE api_tokens;
--bun:split
DROP TABLE authz_version;
--bun:split
DROP TABLE platform_admins;
--bun:split
DROP TABLE board_roles;
--bun:split
DROP TABLE users;
--bun:split
DROP TABLE boards;
