-- Undoes 0001: the memories with their rows. Run only by an explicit roll back. The extensions stay: other objects
-- of the database may use them.
DROP TABLE IF EXISTS mcp_db_engineer.memory_settings;
DROP TABLE IF EXISTS mcp_db_engineer.memories;
DROP FUNCTION IF EXISTS mcp_db_engineer.memory_words(text[]);
