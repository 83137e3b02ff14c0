-- How many live memories of target $1 concern relation $2 (schema.table as displayed) or one of its columns.
SELECT count(*)
FROM mcp_db_engineer.memories m
WHERE m.target = $1 AND m.forgotten_at IS NULL
  AND EXISTS (SELECT FROM unnest(m.objects) AS o WHERE o = $2 OR o LIKE $2 || '.%');
