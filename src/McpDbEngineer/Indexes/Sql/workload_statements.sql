-- The workload: this database's statements by total execution time, most first ($1 = how many). The text is
-- normalised (constants as $n) and written by whoever ran it: recommend_indexes passes it through the guard like any
-- agent SQL. {0} is the schema of pg_stat_statements, quoted by the caller.
SELECT s.query, s.calls, s.total_exec_time
FROM {0}.pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND s.query ~* '^\s*(\(\s*)*(select|with|update|delete)\M'
  AND s.query !~* '\m(pg_catalog|information_schema|pg_stat_statements|hypopg\w*|mcp_db_engineer)\M'
ORDER BY s.total_exec_time DESC
LIMIT $1
