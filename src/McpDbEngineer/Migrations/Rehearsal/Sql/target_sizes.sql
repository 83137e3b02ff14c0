-- The size on the target of the relations a rehearsal locked or rewrote on the shadow, by qualified name: heap bytes
-- (what a scan or an index build reads), bytes with indexes and TOAST (what a rewrite writes again) and the planner's
-- row estimate. $1 = names as format('%I.%I') writes them.
SELECT format('%I.%I', n.nspname, c.relname), pg_relation_size(c.oid), pg_total_relation_size(c.oid), greatest(c.reltuples, 0)::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE format('%I.%I', n.nspname, c.relname) = ANY ($1)
