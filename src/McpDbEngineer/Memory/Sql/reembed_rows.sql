-- Every memory's text for a new vector (reembed), forgotten ones too: they may come back.
SELECT id, title, body FROM mcp_db_engineer.memories ORDER BY created_at;
