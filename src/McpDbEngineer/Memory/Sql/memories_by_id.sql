-- The memories $1 (ids), each with the memory that supersedes it (the newest when several do) and how long its
-- chain of predecessors is.
SELECT m.id, m.target, m.kind, m.title, m.body, m.tags, m.objects, m.scope, m.author, m.session_id, m.supersedes,
       (SELECT n.id FROM mcp_db_engineer.memories n WHERE n.supersedes = m.id ORDER BY n.created_at DESC LIMIT 1) AS superseded_by,
       m.created_at, m.forgotten_at, m.embedding IS NOT NULL AS has_vector
FROM mcp_db_engineer.memories m
WHERE m.id = ANY ($1);
