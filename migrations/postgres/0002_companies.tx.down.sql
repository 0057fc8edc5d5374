DROP TABLE company_invitations;
--bun:split
DROP TABLE company_members;
--bun:split
DROP TABLE company_slugs;
--bun:split
DROP TABLE companies;
