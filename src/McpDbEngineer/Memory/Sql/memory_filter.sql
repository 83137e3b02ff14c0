-- The memories a search or a listing may show: $1 target (null: every target), $2 kinds, $3 tags (all of them),
-- $4 objects (any of them; a table also matches its columns), $5 scope, $6 author, $7 created since,
-- $8 include forgotten ones. An object without a schema (orders) matches it in any schema. Memories a newer one supersedes are left out unless forgotten ones are asked for.
candidates AS (
    SELECT m.*
    FROM mcp_db_engineer.memories m
    WHERE ($1::text IS NULL OR m.target = $1)
      AND ($2::text[] IS NULL OR m.kind = ANY ($2))
      AND ($3::text[] IS NULL OR m.tags @> $3)
      AND ($4::text[] IS NULL OR EXISTS (
              SELECT FROM unnest(m.objects) AS o, unnest($4::text[]) AS w
              WHERE o = w OR o LIKE w || '.%'
                 OR (strpos(w, '.') = 0 AND (o LIKE '%.' || w OR o LIKE '%.' || w || '.%'))))
      AND ($5::text IS NULL OR m.scope = $5)
      AND ($6::text IS NULL OR m.author = $6)
      AND ($7::timestamptz IS NULL OR m.created_at >= $7)
      AND ($8 OR (m.forgotten_at IS NULL AND NOT EXISTS (
              SELECT FROM mcp_db_engineer.memories n WHERE n.supersedes = m.id AND n.forgotten_at IS NULL)))
)
