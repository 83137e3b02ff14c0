-- Soft delete: the row stays (history, supersede chains); searches and listings leave it out. $1 id.
UPDATE mcp_db_engineer.memories SET forgotten_at = coalesce(forgotten_at, now()), updated_at = now()
WHERE id = $1
RETURNING title, target;
