-- The index-advice workload's schema (bench/indexes): a shop's customers, orders, products and an append-only event
-- log, with the columns GIN serves (jsonb, arrays, tsvector, text searched by substring). No secondary index: finding
-- them is the advisor's job. Loaded into the bench's own throwaway database by bench/McpDbEngineer.Bench/IndexesSuite.cs.
CREATE EXTENSION IF NOT EXISTS hypopg;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customers (
    id         bigint PRIMARY KEY,
    email      text NOT NULL,
    name       text NOT NULL,
    country    text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers,
    status      text NOT NULL,
    total       numeric(12, 2) NOT NULL,
    placed_at   timestamptz NOT NULL,
    note        text
);

CREATE TABLE products (
    id          bigint PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL,
    tags        text[] NOT NULL,
    attrs       jsonb NOT NULL,
    search      tsvector NOT NULL
);

CREATE TABLE events (
    id          bigint PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    kind        text NOT NULL,
    payload     jsonb NOT NULL
);
