-- HNSW and IVFFlat indexes of one table ($1 = its oid) that key column $2 (by number, or in an expression that
-- names it): name, method, operator class, definition and size.
SELECT ic.relname, am.amname, oc.opcname, pg_get_indexdef(i.indexrelid), pg_relation_size(i.indexrelid)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_opclass oc ON oc.oid = i.indclass[0]
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = $2
WHERE i.indrelid = $1
  AND am.amname IN ('hnsw', 'ivfflat')
  AND (i.indkey[0] = a.attnum OR position(quote_ident(a.attname) IN coalesce(pg_get_expr(i.indexprs, i.indrelid), '')) > 0)
ORDER BY ic.relname
