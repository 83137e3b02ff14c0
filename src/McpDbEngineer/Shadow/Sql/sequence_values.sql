-- The target's sequences where they stand, read with the sampled rows so that rows inserted on the shadow get new
-- keys, not the keys of rows copied there. last_value is NULL for a sequence never called or not readable: skipped.
-- No parameters.
SELECT format('%I.%I', schemaname, sequencename), last_value
FROM pg_sequences
WHERE last_value IS NOT NULL AND schemaname NOT IN ('pg_catalog', 'information_schema', 'mcp_db_engineer')
