-- Stores one memory. $1 target, $2 kind, $3 title, $4 body, $5 tags, $6 objects, $7 scope, $8 author,
-- $9 session id, $10 content hash, $11 the memory it supersedes (or null), $12 embedding (or null).
-- The same title and body in the same scope is the same memory: the row stays one (the unique index decides, also
-- between concurrent writers), its tags and objects are merged, and a forgotten one is remembered again.
INSERT INTO mcp_db_engineer.memories AS m
    (target, kind, title, body, tags, objects, scope, author, session_id, content_hash, supersedes, embedding)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (target, scope, content_hash) DO UPDATE
SET tags = ARRAY(SELECT DISTINCT t FROM unnest(m.tags || EXCLUDED.tags) AS t ORDER BY t),
    objects = ARRAY(SELECT DISTINCT o FROM unnest(m.objects || EXCLUDED.objects) AS o ORDER BY o),
    supersedes = coalesce(EXCLUDED.supersedes, m.supersedes),
    embedding = coalesce(m.embedding, EXCLUDED.embedding),
    forgotten_at = NULL,
    updated_at = now()
RETURNING id, (xmax = 0) AS inserted;
