-- What reading or writing each relation reached runs besides its own rows ($1: oids): a view's rules (its query),
-- a table's rules and row-level security policies (their expressions, as SQL text to read built-in calls from, and
-- their oids for what PostgreSQL recorded they use). A foreign table is served by another server or a file.
SELECT c.oid,
       format('%I.%I', n.nspname, c.relname) AS name,
       c.relkind::text,
       c.oid < 16384 AS built_in,
       ARRAY(SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid ORDER BY r.oid) AS rules,
       ARRAY(SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r WHERE r.ev_class = c.oid ORDER BY r.oid) AS rule_sql,
       ARRAY(SELECT p.oid FROM pg_policy p WHERE c.relrowsecurity AND p.polrelid = c.oid ORDER BY p.oid) AS policies,
       ARRAY(SELECT format('SELECT %s, %s FROM %I.%I', coalesce(pg_get_expr(p.polqual, p.polrelid), 'true'),
                           coalesce(pg_get_expr(p.polwithcheck, p.polrelid), 'true'), n.nspname, c.relname)
             FROM pg_policy p WHERE c.relrowsecurity AND p.polrelid = c.oid ORDER BY p.oid) AS policy_sql
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = ANY ($1);
