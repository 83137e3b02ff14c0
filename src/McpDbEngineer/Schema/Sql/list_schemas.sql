-- Schemas with owner, number of tables and total size; system schemas only when asked.
SELECT n.nspname AS name,
       pg_get_userbyid(n.nspowner) AS owner,
       count(c.oid) FILTER (WHERE c.relkind IN ('r', 'p')) AS tables,
       coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relkind IN ('r', 'p', 'm')), 0)::bigint AS bytes
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid
WHERE $1 OR (n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%')
GROUP BY n.oid, n.nspname, n.nspowner
ORDER BY n.nspname;
