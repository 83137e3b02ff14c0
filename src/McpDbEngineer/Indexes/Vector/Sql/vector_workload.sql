-- Statements of this database that apply a pgvector distance operator and mention column $1, most called first
-- ($2 = how many). The text is parsed by the caller, which keeps only those applying the distance to this column.
-- {0} is the schema of pg_stat_statements, quoted by the caller.
SELECT s.query, s.calls
FROM {0}.pg_stat_statements s
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND s.query ~ '<->|<#>|<=>|<\+>'
  AND position($1 IN s.query) > 0
ORDER BY s.calls DESC
LIMIT $2
