-- Undoes 0001: the audit table with its rows, and its trigger function. Run only by an explicit roll back.
DROP TABLE IF EXISTS mcp_db_engineer.audit_log;
DROP FUNCTION IF EXISTS mcp_db_engineer.audit_log_append_only();
