-- A table's partitions (or inheritance children) with their bounds, row estimates and sizes; the first $2 only,
-- and how many there are in all.
SELECT c.oid::regclass::text AS name,
       pg_get_expr(c.relpartbound, c.oid) AS bound,
       c.relkind = 'p' AS partitioned,
       c.reltuples::float8,
       pg_total_relation_size(c.oid) AS bytes,
       count(*) OVER () AS total
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = $1
ORDER BY c.relname
LIMIT $2;
