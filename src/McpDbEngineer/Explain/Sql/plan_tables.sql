-- Row counts, the first key column of every valid index, and the partitioned table a partition belongs to,
-- for the tables a plan reads ($1 schemas, $2 names, pairwise).
SELECT n.nspname AS schema,
       c.relname AS name,
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS rows,
       array(SELECT a.attname::text
             FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indrelid = c.oid AND i.indisvalid) AS indexed_leading_columns,
       (SELECT format('%I.%I', rn.nspname, rc.relname)
        FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE c.relispartition AND rc.oid = pg_partition_root(c.oid)) AS partition_root
FROM unnest($1::text[], $2::text[]) AS r(schema, name)
JOIN pg_namespace n ON n.nspname = r.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = r.name;
