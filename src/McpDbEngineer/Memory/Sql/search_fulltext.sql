-- Words: $9 the query read as websearch_to_tsquery does (quoted phrases, -excluded words), its words joined by OR so
-- that a question matches a memory sharing some of its words; ranked by cover density. $10 how many to take.
SELECT 'fulltext' AS signal, id, row_number() OVER (ORDER BY rank DESC, created_at DESC) AS place
FROM (SELECT c.id, c.created_at, ts_rank_cd(c.search, query.q) AS rank
      FROM candidates c, (SELECT replace(websearch_to_tsquery('english', $9)::text, ' & ', ' | ')::tsquery AS q) query
      WHERE c.search @@ query.q
      ORDER BY rank DESC, c.created_at DESC
      LIMIT $10) ranked
