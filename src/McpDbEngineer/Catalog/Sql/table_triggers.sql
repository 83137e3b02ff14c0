-- A table's user triggers (not the internal ones behind foreign keys): timing, events, level and function as
-- pg_get_triggerdef writes them after the trigger and table names; 'D' marks a disabled trigger.
SELECT quote_ident(t.tgname) AS name,
       replace(substr(pg_get_triggerdef(t.oid), length('CREATE TRIGGER ' || quote_ident(t.tgname)) + 2 + CASE WHEN t.tgconstraint <> 0 THEN 11 ELSE 0 END),
               ' ON ' || (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = t.tgrelid),
               '') AS definition,
       t.tgenabled::text
FROM pg_trigger t
WHERE t.tgrelid = $1 AND NOT t.tgisinternal
ORDER BY t.tgname;
