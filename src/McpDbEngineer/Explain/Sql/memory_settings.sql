-- work_mem (kB) and hash_mem_multiplier, for telling a sort or hash that spills to disk what memory would hold it.
-- hash_mem_multiplier exists from PostgreSQL 13; before it, hashes were limited by work_mem alone (1).
SELECT (SELECT setting::float8 FROM pg_settings WHERE name = 'work_mem'),
       coalesce((SELECT setting::float8 FROM pg_settings WHERE name = 'hash_mem_multiplier'), 1)
