-- The server's audit table in its own schema (created by OwnSchema before this runs). Append-only: rows can be added,
-- never changed or removed (short of dropping the trigger as owner, which PostgreSQL's own logs record).
-- Idempotent, so that it adopts the table of servers from before migrations, which ran this same script on first audit.
CREATE TABLE IF NOT EXISTS mcp_db_engineer.audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    tool           text NOT NULL,
    client         text,
    statement      text NOT NULL,
    classification text NOT NULL,
    decision       text NOT NULL,
    duration_ms    double precision,
    outcome        text NOT NULL
);
CREATE OR REPLACE FUNCTION mcp_db_engineer.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'mcp_db_engineer.audit_log is append-only';
END $$;
DROP TRIGGER IF EXISTS audit_log_append_only ON mcp_db_engineer.audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON mcp_db_engineer.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION mcp_db_engineer.audit_log_append_only();
