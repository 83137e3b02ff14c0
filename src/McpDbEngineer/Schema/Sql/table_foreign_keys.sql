-- describe_table, foreign keys in both directions: those of this table (out) and those referencing it (in), each with
-- whether a valid, non-partial index on the referencing table starts with the key's columns (else every delete or key
-- update on the referenced side scans the referencing table). Constraints that partitioning clones from a parent
-- constraint on the same side are left out: the parent's one stands for them.
SELECT CASE WHEN c.conrelid = $1 THEN 'out' ELSE 'in' END AS direction,
       quote_ident(c.conname) AS name,
       c.conrelid::regclass::text AS referencing,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i)
        FROM unnest(c.conkey) WITH ORDINALITY k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
       c.confrelid::regclass::text AS referenced,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i)
        FROM unnest(c.confkey) WITH ORDINALITY k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced_columns,
       c.confupdtype::text, c.confdeltype::text, c.confmatchtype::text, c.condeferrable, c.condeferred, c.convalidated,
       EXISTS (SELECT 1
               FROM pg_index i
               WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL
                 AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                 AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey) AS indexed
FROM pg_constraint c
WHERE c.contype = 'f' AND (c.conrelid = $1 OR c.confrelid = $1)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint p
                  WHERE p.oid = c.conparentid
                    AND CASE WHEN c.conrelid = $1 THEN p.conrelid = c.conrelid ELSE p.confrelid = c.confrelid END)
ORDER BY 1 DESC, 3, 2;
