-- review_indexes: foreign keys with either side in scope ($1, $2 as in review_index_facts.sql: both directions, like
-- describe_table), each with its key and the keys of the indexes on the referencing table that can look rows up (valid, not partial), as attnums separated by spaces.
-- Only top-level constraints: those partitioning clones from a parent stand for them.
SELECT quote_ident(c.conname) AS name,
       c.conrelid::regclass::text AS referencing,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i)
        FROM unnest(c.conkey) WITH ORDINALITY k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
       c.confrelid::regclass::text AS referenced,
       c.conkey AS key,
       array(SELECT array_to_string(i.indkey::int2[], ' ')
             FROM pg_index i
             WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL) AS referencing_index_keys
FROM pg_constraint c
JOIN pg_class r ON r.oid = c.conrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
JOIN pg_class f ON f.oid = c.confrelid
JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE c.contype = 'f' AND c.conparentid = 0
  AND ($1::oid IS NULL OR $1 IN (c.conrelid, c.confrelid)) AND ($2::text IS NULL OR $2 IN (rn.nspname, fn.nspname))
ORDER BY 2, 1;
