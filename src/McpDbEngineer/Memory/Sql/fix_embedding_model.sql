-- The first vector fixes the store's model and dimension: the column gets its dimension and an HNSW index for cosine
-- distance (the local model's vectors are normalised). Run under the migration lock by MemoryStore. {dims} is an int.
ALTER TABLE mcp_db_engineer.memories ALTER COLUMN embedding TYPE vector({dims});
CREATE INDEX IF NOT EXISTS memories_embedding ON mcp_db_engineer.memories USING hnsw (embedding vector_cosine_ops);
