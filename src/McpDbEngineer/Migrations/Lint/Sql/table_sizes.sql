-- Sizes of the tables a migration's findings are about, to grade them (MigrationLinter.Grade).
-- $1: the names as the migration wrote them, each part double-quoted ("sales"."orders", "orders"), resolved on the
-- session's search_path as the migration would resolve them. to_regclass answers NULL for a table that does not exist
-- (yet: an earlier migration may create it) instead of failing the whole query.
-- bytes: heap, TOAST and indexes, all of which a rewrite writes again. rows: the planner's estimate, NULL when the
-- table was never analyzed (reltuples = -1).
SELECT n.name,
       c.oid IS NOT NULL AS present,
       coalesce(pg_total_relation_size(c.oid), 0) AS bytes,
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS rows
FROM unnest($1::text[]) WITH ORDINALITY AS n(name, position)
LEFT JOIN pg_class c ON c.oid = to_regclass(n.name)
ORDER BY n.position
