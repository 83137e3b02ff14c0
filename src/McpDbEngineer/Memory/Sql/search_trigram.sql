-- Spelling: titles that look like the query (pg_trgm), for typos and partial names. $9 the query, $10 how many.
SELECT 'trigram' AS signal, id, row_number() OVER (ORDER BY score DESC, created_at DESC) AS place
FROM (SELECT c.id, c.created_at, word_similarity($9, c.title) AS score
      FROM candidates c
      WHERE word_similarity($9, c.title) >= 0.3
      ORDER BY score DESC, c.created_at DESC
      LIMIT $10) ranked
