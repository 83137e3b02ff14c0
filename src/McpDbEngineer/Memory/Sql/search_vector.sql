-- Meaning: the memories whose embedding is closest to the query's (cosine distance). $10 how many, $11 the query's vector.
SELECT 'vector' AS signal, id, row_number() OVER (ORDER BY distance, created_at DESC) AS place
FROM (SELECT c.id, c.created_at, c.embedding <=> $11 AS distance
      FROM candidates c
      WHERE c.embedding IS NOT NULL
      ORDER BY distance, c.created_at DESC
      LIMIT $10) ranked
