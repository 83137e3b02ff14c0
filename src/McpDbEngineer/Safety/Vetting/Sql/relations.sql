-- What reading or writing each relation reached runs besides its own rows ($1: oids): a view's rules (its query),
-- a table's rules and row-level security policies (their expressions, as SQL text to read built-in calls from, and
-- their oids for what PostgreSQL recorded they use); the user-defined support functions and operators of the operator
-- classes its indexes use (an index scan, and the planner probing an index for a column's range, call them); and, for
-- the tables a statement writes, the column defaults, CHECK constraints and index expressions evaluated for each row
-- and the functions of the triggers that fire — as for the tables the write reaches in turn: those whose foreign keys
-- cascade from it (ON DELETE/UPDATE CASCADE, SET NULL, SET DEFAULT) and its partitions and inheritance children, and
-- the table of an index that is rebuilt (REINDEX INDEX); and the expressions of its extended statistics, which ANALYZE
-- evaluates (an explicit ANALYZE, or autovacuum's after rows are written).
-- A foreign table is served by another server or a file.
SELECT c.oid,
       format('%I.%I', n.nspname, c.relname) AS name,
       c.relkind::text,
       c.oid < 16384 AS built_in,
       ARRAY(SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid ORDER BY r.oid) AS rules,
       ARRAY(SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r WHERE r.ev_class = c.oid ORDER BY r.oid) AS rule_sql,
       ARRAY(SELECT p.oid FROM pg_policy p WHERE c.relrowsecurity AND p.polrelid = c.oid ORDER BY p.oid) AS policies,
       ARRAY(SELECT format('SELECT %s, %s FROM %I.%I', coalesce(pg_get_expr(p.polqual, p.polrelid), 'true'),
                           coalesce(pg_get_expr(p.polwithcheck, p.polrelid), 'true'), n.nspname, c.relname)
             FROM pg_policy p WHERE c.relrowsecurity AND p.polrelid = c.oid ORDER BY p.oid) AS policy_sql,
       ARRAY(SELECT d.oid FROM pg_attrdef d WHERE d.adrelid = c.oid ORDER BY d.oid) AS defaults,
       ARRAY(SELECT k.oid FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' ORDER BY k.oid) AS checks,
       ARRAY(SELECT t.tgfoid FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgenabled <> 'D') AS trigger_functions,
       n.nspname,
       c.relname,
       ARRAY(SELECT 'SELECT ' || pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d WHERE d.adrelid = c.oid ORDER BY d.oid) AS default_sql,
       ARRAY(SELECT 'SELECT ' || pg_get_expr(k.conbin, k.conrelid) FROM pg_constraint k
             WHERE k.conrelid = c.oid AND k.contype = 'c' ORDER BY k.oid) AS check_sql,
       ARRAY(SELECT DISTINCT x.f
             FROM pg_index i
             JOIN pg_opclass oc ON oc.oid = ANY (i.indclass::oid[])
             CROSS JOIN LATERAL (SELECT ap.amproc::oid AS f FROM pg_amproc ap WHERE ap.amprocfamily = oc.opcfamily
                                 UNION
                                 SELECT o.oprcode::oid FROM pg_amop am JOIN pg_operator o ON o.oid = am.amopopr
                                 WHERE am.amopfamily = oc.opcfamily) AS x
             WHERE i.indrelid = c.oid AND x.f >= 16384) AS index_support,
       ARRAY(SELECT i.indexrelid FROM pg_index i
             WHERE i.indrelid = c.oid AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL) ORDER BY i.indexrelid) AS expression_indexes,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
             WHERE i.indrelid = c.oid AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL) ORDER BY i.indexrelid) AS expression_index_sql,
       ARRAY(SELECT k.conrelid FROM pg_constraint k
             WHERE k.confrelid = c.oid AND k.contype = 'f' AND k.conrelid <> c.oid
               AND (k.confdeltype IN ('c', 'n', 'd') OR k.confupdtype IN ('c', 'n', 'd'))
             UNION
             SELECT h.inhrelid FROM pg_inherits h WHERE h.inhparent = c.oid
             UNION
             SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = c.oid) AS written_in_turn,
       ARRAY(SELECT s.oid FROM pg_statistic_ext s WHERE s.stxrelid = c.oid AND s.stxexprs IS NOT NULL ORDER BY s.oid) AS statistics,
       ARRAY(SELECT pg_get_statisticsobjdef(s.oid) FROM pg_statistic_ext s
             WHERE s.stxrelid = c.oid AND s.stxexprs IS NOT NULL ORDER BY s.oid) AS statistics_sql
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = ANY ($1);
