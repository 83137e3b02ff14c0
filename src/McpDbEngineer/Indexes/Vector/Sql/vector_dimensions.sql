-- The dimensions of a vector or halfvec column declared without them, read from one stored value. {0} is the table
-- and {1} the column, both quoted from the catalog by the caller (never agent text).
SELECT vector_dims({1}) FROM {0} WHERE {1} IS NOT NULL LIMIT 1
