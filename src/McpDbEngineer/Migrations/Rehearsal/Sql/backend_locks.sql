-- The relation locks a backend holds in this database: the rehearsed statement's own (read in its transaction
-- before COMMIT), or those of a statement that runs outside a transaction (CONCURRENTLY), read from a second
-- connection while it runs. $1 = the backend's pid.
SELECT l.relation::bigint, l.mode
FROM pg_locks l
WHERE l.pid = $1 AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
