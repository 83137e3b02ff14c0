-- Decision memory in the server's own schema (created by OwnSchema before this runs). One row a memory; a memory is
-- never deleted by the server: forget sets forgotten_at, supersede links the new row to the old one.
-- pgvector is required (the embedding column); pg_trgm is used when the database offers it (title similarity).
CREATE EXTENSION IF NOT EXISTS vector;
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
END $$;

-- Tags as words for the full-text column: array_to_string is only STABLE (it could call a type's output function),
-- but on text[] it is immutable, which a generated column needs to be told.
CREATE FUNCTION mcp_db_engineer.memory_words(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN array_to_string(tags, ' ');

CREATE TABLE mcp_db_engineer.memories (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the database the memory is about: its system identifier and name, so that one store serves several databases
    target          text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('decision', 'pattern', 'finding', 'task', 'note')),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body            text NOT NULL CHECK (length(body) >= 1),
    tags            text[] NOT NULL DEFAULT '{}',
    -- schema.table or schema.table.column, as resolved against the target's catalog
    objects         text[] NOT NULL DEFAULT '{}',
    scope           text NOT NULL DEFAULT 'default',
    author          text NOT NULL,
    session_id      text,
    supersedes      uuid REFERENCES mcp_db_engineer.memories (id),
    -- md5 of title and body: the same memory written twice in a scope is one row (see the unique index)
    content_hash    text NOT NULL,
    -- no dimension here: it comes from the model, fixed by memory_settings when the first vector is written
    embedding       vector,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    forgotten_at    timestamptz,
    search          tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A') ||
                        setweight(to_tsvector('english', mcp_db_engineer.memory_words(tags)), 'B') ||
                        setweight(to_tsvector('english', body), 'C')) STORED
);

CREATE UNIQUE INDEX memories_same_content ON mcp_db_engineer.memories (target, scope, content_hash);
CREATE INDEX memories_search ON mcp_db_engineer.memories USING gin (search);
CREATE INDEX memories_objects ON mcp_db_engineer.memories USING gin (objects);
CREATE INDEX memories_recent ON mcp_db_engineer.memories (target, created_at DESC);
CREATE INDEX memories_supersedes ON mcp_db_engineer.memories (supersedes);
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE format('CREATE INDEX memories_title_trgm ON mcp_db_engineer.memories USING gin (title %I.gin_trgm_ops)',
                       (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'));
    END IF;
END $$;

-- Which embedding model the vectors of this store come from (one row). Vectors of two models are never mixed: a
-- server with another model refuses vector search until `mcp-db-engineer memory reembed` rewrites them all.
CREATE TABLE mcp_db_engineer.memory_settings (
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    embedding_model text NOT NULL,
    dimensions      int NOT NULL CHECK (dimensions > 0)
);
