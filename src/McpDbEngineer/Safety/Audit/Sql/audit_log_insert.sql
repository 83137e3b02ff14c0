-- One audit entry: $1 at, $2 tool, $3 client, $4 statement, $5 classification, $6 decision, $7 duration_ms, $8 outcome.
INSERT INTO mcp_db_engineer.audit_log (at, tool, client, statement, classification, decision, duration_ms, outcome)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
