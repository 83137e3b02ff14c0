-- A table's foreign keys in both directions: those of this table (out) and those referencing it (in), each with its key
-- (attnums of the referencing table) and the keys of the indexes on the referencing table that can look rows up (valid,
-- not partial), each written as attnums separated by spaces; ForeignKeyCoverage decides from them whether the key is
-- indexed (else every delete or key update on the referenced side scans the referencing table). Constraints that partitioning clones from a parent
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
       c.conkey AS key,
       array(SELECT array_to_string(i.indkey::int2[], ' ')
             FROM pg_index i
             WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL) AS referencing_index_keys
FROM pg_constraint c
WHERE c.contype = 'f' AND (c.conrelid = $1 OR c.confrelid = $1)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint p
                  WHERE p.oid = c.conparentid
                    AND CASE WHEN c.conrelid = $1 THEN p.conrelid = c.conrelid ELSE p.confrelid = c.confrelid END)
ORDER BY 1 DESC, 3, 2;
