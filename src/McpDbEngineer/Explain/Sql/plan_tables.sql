-- Row counts and the first key column of every valid index, for the tables a plan reads ($1 schemas, $2 names, pairwise).
SELECT n.nspname AS schema,
       c.relname AS name,
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8 END AS rows,
       array(SELECT a.attname::text
             FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indrelid = c.oid AND i.indisvalid) AS indexed_leading_columns
FROM unnest($1::text[], $2::text[]) AS r(schema, name)
JOIN pg_namespace n ON n.nspname = r.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = r.name;
