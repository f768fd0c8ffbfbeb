-- The service's own database role on PostgreSQL: it reads and writes rows and owns nothing,
-- so it cannot disable, alter or drop the triggers that guard the journal (ALTER TABLE ...
-- DISABLE TRIGGER needs the table's owner) nor switch them off for its session
-- (session_replication_role needs a superuser). Migrations run as the owner role.
--
-- Once, as a superuser (choose your own names and passwords):
--   CREATE ROLE paylink_owner LOGIN PASSWORD '...';
--   CREATE ROLE paylink_app LOGIN PASSWORD '...';
--   CREATE DATABASE paylink OWNER paylink_owner;
-- The migrations, as the owner (the service's own start never needs to migrate then):
--   DATABASE_URL=postgres://paylink_owner:...@host/paylink APP_SECRET=... npm run cli -- db:migrate
-- This file, as the owner, in that database:
--   psql postgres://paylink_owner:...@host/paylink -v ON_ERROR_STOP=1 -f deploy/postgres-app-role.sql
-- The service then runs with DATABASE_URL=postgres://paylink_app:...@host/paylink.
-- Running this file again (after later migrations) is harmless. Another role name: replace
-- paylink_app below.

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO paylink_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO paylink_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO paylink_app;

-- The journal and the audit log are append-only: their triggers refuse UPDATE and DELETE,
-- and the role has not even the right to try.
REVOKE UPDATE, DELETE ON journal_entries, journal_lines, audit_log FROM paylink_app;
-- The journal's totals per month are written only by the journal's own trigger (as the owner).
REVOKE INSERT, UPDATE, DELETE ON journal_month_totals FROM paylink_app;

-- At start and in /ready the service checks that every migration is applied.
GRANT USAGE ON SCHEMA drizzle TO paylink_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO paylink_app;

-- Tables and sequences that later migrations create (as the role running this file).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO paylink_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO paylink_app;
