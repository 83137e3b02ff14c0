-- Least privilege for McpDbEngineer in read-only mode. Run once as a superuser (or a role with CREATEROLE that holds
-- pg_read_all_data and pg_read_all_stats WITH ADMIN OPTION); running it again changes nothing.
-- 1. The reader agent statements run as (SET LOCAL ROLE): it may read every table and statistic, nothing else:
--    no writes, no server files or programs, no foreign servers, no bypassing row-level security.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '__READER__') THEN
        CREATE ROLE "__READER__" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
    END IF;
END $$;
GRANT pg_read_all_data, pg_read_all_stats TO "__READER__";
-- 2. The login the server connects with: it can do nothing itself (NOINHERIT) but switch to the reader.
--    Choose the password, then connect with DATABASE_URL=postgres://__LOGIN__:<password>@<host>/<database>.
--    To keep an existing login instead, run only: GRANT "__READER__" TO <that login>;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '__LOGIN__') THEN
        CREATE ROLE "__LOGIN__" LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD NULL;
    END IF;
END $$;
GRANT "__READER__" TO "__LOGIN__";
-- ALTER ROLE "__LOGIN__" PASSWORD '<password>';
