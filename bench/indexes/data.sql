-- Deterministic data for bench/indexes/schema.sql: every value is a function of the row number (no random()), so
-- every run plans and measures the same rows. About 20 s on 2 cores.
INSERT INTO customers
SELECT i,
       'user' || i || '@example.com',
       (ARRAY['Smith', 'Jones', 'Garcia', 'Müller', 'Rossi', 'Dubois', 'Kowalski', 'Tanaka'])[1 + i % 8] || ' ' || substr(md5(i::text), 1, 8),
       (ARRAY['DE', 'FR', 'US', 'GB', 'IT', 'ES', 'PL', 'JP', 'BR', 'IN'])[1 + (i * 7) % 10],
       timestamptz '2020-01-01' + (i % 1800) * interval '1 day'
FROM generate_series(1, 100000) i;

INSERT INTO orders
SELECT i,
       1 + (i::bigint * 7919) % 100000,
       (ARRAY['pending', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'delivered'])[1 + i % 8],
       ((i * 37) % 50000) / 100.0,
       timestamptz '2024-01-01' + (i * 7 % 730) * interval '1 day' + (i % 86400) * interval '1 second',
       CASE WHEN i % 20 = 0 THEN 'gift wrap' END
FROM generate_series(1, 300000) i;

INSERT INTO products
SELECT i,
       (ARRAY['Pro', 'Lite', 'Max', 'Mini', 'Classic'])[1 + i % 5] || ' ' || (ARRAY['jacket', 'boots', 'backpack', 'tent', 'lamp', 'mug'])[1 + i % 6] || ' ' || i,
       d.description,
       ARRAY[(ARRAY['eco', 'sale', 'new', 'clearance', 'premium', 'kids'])[1 + i % 6], 'batch' || (i % 200)]
           || CASE WHEN i % 97 = 0 THEN ARRAY['limited'] ELSE '{}' END,
       jsonb_build_object('color', (ARRAY['red', 'blue', 'green', 'black', 'white'])[1 + i % 5], 'size', 1 + i % 12, 'sku', 'S' || i)
           || CASE WHEN i % 50 = 0 THEN '{"warranty": "2y"}'::jsonb ELSE '{}' END,
       to_tsvector('english', d.description)
FROM generate_series(1, 60000) i,
     LATERAL (SELECT (ARRAY['waterproof', 'leather', 'cotton', 'steel', 'recycled', 'woollen', 'padded'])[1 + i % 7] || ' '
                     || (ARRAY['jacket', 'boots', 'backpack', 'tent', 'lamp', 'mug', 'gloves', 'scarf', 'bottle', 'chair', 'stove'])[1 + i % 11]
                     || ' model ' || (i % 3000) || ' for everyday use' AS description) d;

-- Append-only: occurred_at follows id, as a log's time does (a BRIN index summarises it well).
INSERT INTO events
SELECT i,
       timestamptz '2025-01-01' + i * interval '100 seconds',
       (ARRAY['view', 'view', 'view', 'click', 'cart', 'purchase'])[1 + i % 6],
       jsonb_build_object('source', (ARRAY['web', 'ios', 'android'])[1 + i % 3], 'campaign', 'c' || (i % 400), 'n', i)
FROM generate_series(1, 300000) i;

ANALYZE;
