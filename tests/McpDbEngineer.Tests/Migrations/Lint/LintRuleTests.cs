using McpDbEngineer.Migrations.Lint;

namespace McpDbEngineer.Tests.Migrations.Lint;

/// <summary>Each rule fires on a statement that hurts a busy table and stays quiet on its safe form; no database.</summary>
public sealed class LintRuleTests
{
    /// <summary>Rule id, a migration it must flag, the safe form it must let pass, and the run's settings.</summary>
    public static TheoryData<string, string, string, bool, int?> Cases => new()
    {
        { "index-without-concurrently", "CREATE INDEX ON orders (status);", "CREATE INDEX CONCURRENTLY ON orders (status);", false, null },
        { "concurrently-in-transaction", "BEGIN; CREATE INDEX CONCURRENTLY ON orders (status); COMMIT;", "CREATE INDEX CONCURRENTLY ON orders (status);", false, null },
        { "drop-index-without-concurrently", "DROP INDEX idx_orders_status;", "DROP INDEX CONCURRENTLY idx_orders_status;", false, null },
        { "foreign-key-without-not-valid", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID; ALTER TABLE orders VALIDATE CONSTRAINT fk;", false, null },
        { "check-without-not-valid", "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0);", "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;", false, null },
        { "set-not-null", "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;", "ALTER TABLE orders ADD CONSTRAINT s CHECK (status IS NOT NULL) NOT VALID;", false, null },
        { "column-type-change", "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);", "ALTER TABLE orders ADD COLUMN total_v2 numeric(14,2);", false, null },
        { "volatile-default", "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();", "ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT now();", false, null },
        { "stored-generated-column", "ALTER TABLE orders ADD COLUMN double_total numeric GENERATED ALWAYS AS (total * 2) STORED;", "ALTER TABLE orders ADD COLUMN double_total numeric;", false, null },
        { "not-null-column-without-default", "ALTER TABLE orders ADD COLUMN flag boolean NOT NULL;", "ALTER TABLE orders ADD COLUMN flag boolean NOT NULL DEFAULT false;", false, null },
        { "add-primary-key-without-index", "ALTER TABLE orders ADD PRIMARY KEY (id);", "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx;", false, null },
        { "add-unique-without-index", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE (code);", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX orders_code_idx;", false, null },
        { "add-exclusion-constraint", "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);",
            "CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));", false, null },
        { "rename-column", "ALTER TABLE orders RENAME COLUMN status TO state;", "ALTER TABLE orders ADD COLUMN state text;", false, null },
        { "rename-table", "ALTER TABLE orders RENAME TO purchases;", "CREATE VIEW purchases AS SELECT * FROM orders;", false, null },
        { "drop-column", "ALTER TABLE orders DROP COLUMN note;", "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;", false, null },
        { "drop-not-null", "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;", "ALTER TABLE orders ALTER COLUMN note SET DEFAULT '';", false, null },
        { "drop-table", "DROP TABLE old_orders;", "CREATE TABLE scratch (id bigint); DROP TABLE scratch;", false, null },
        { "drop-object", "DROP VIEW order_totals;", "CREATE VIEW order_totals AS SELECT 1 AS one;", false, null },
        { "drop-database", "DROP DATABASE shop;", "CREATE DATABASE shop_copy;", false, null },
        { "cascade", "DROP TABLE old_orders CASCADE;", "DROP TABLE old_orders;", false, null },
        { "truncate", "TRUNCATE audit_log;", "DELETE FROM audit_log WHERE created_at < now() - interval '1 year';", false, null },
        { "vacuum-full", "VACUUM FULL orders;", "VACUUM orders;", false, null },
        { "cluster", "CLUSTER orders USING orders_pkey;", "ANALYZE orders;", false, null },
        { "reindex-without-concurrently", "REINDEX TABLE orders;", "REINDEX TABLE CONCURRENTLY orders;", false, null },
        { "missing-lock-timeout", "ALTER TABLE orders ADD COLUMN note2 text;", "SET lock_timeout = '2s'; ALTER TABLE orders ADD COLUMN note2 text;", false, null },
        { "prefer-identity", "CREATE TABLE t (id serial PRIMARY KEY);", "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);", false, null },
        { "prefer-timestamptz", "CREATE TABLE t (at timestamp);", "CREATE TABLE t (at timestamptz);", false, null },
        { "prefer-text", "CREATE TABLE t (name varchar(40));", "CREATE TABLE t (name text);", false, null },
        { "char-column", "CREATE TABLE t (code char(3));", "CREATE TABLE t (code text);", false, null },
        { "prefer-jsonb", "CREATE TABLE t (doc json);", "CREATE TABLE t (doc jsonb);", false, null },
        { "refresh-without-concurrently", "REFRESH MATERIALIZED VIEW order_totals;", "REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;", false, null },
        { "enum-value-in-transaction", "ALTER TYPE order_status ADD VALUE 'refunded';", "ALTER TYPE order_status ADD VALUE 'refunded';", true, 11 },
        { "disable-triggers", "ALTER TABLE orders DISABLE TRIGGER ALL;", "ALTER TABLE orders ENABLE TRIGGER ALL;", false, null },
        { "unbounded-data-change", "UPDATE orders SET status = 'new';", "UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 1000;", false, null },
        { "ddl-with-data-change", "BEGIN; ALTER TABLE orders ADD COLUMN s2 text; UPDATE orders SET s2 = status WHERE id < 1000; COMMIT;",
            "BEGIN; ALTER TABLE orders ADD COLUMN s2 text; COMMIT; UPDATE orders SET s2 = status WHERE id < 1000;", false, null },
        { "transaction-nesting", "BEGIN; BEGIN; SELECT 1; COMMIT; COMMIT;", "BEGIN; SELECT 1; COMMIT;", false, null },
        { "uncommitted-transaction", "BEGIN; ALTER TABLE orders ADD COLUMN x text;", "BEGIN; ALTER TABLE orders ADD COLUMN x text; COMMIT;", false, null },
        { "alter-domain-add-constraint", "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%');",
            "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%') NOT VALID;", false, null },
        { "domain-with-constraint", "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');", "CREATE DOMAIN email AS text;", false, null },
        { "prefer-robust-statements", "CREATE INDEX CONCURRENTLY i ON orders (status);", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON orders (status);", false, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_FlagsTheHazardAndPassesTheSafeForm(string rule, string failing, string passing, bool assumeInTransaction, int? postgresVersion)
    {
        var options = new LintOptions { AssumeInTransaction = assumeInTransaction, PostgresVersion = postgresVersion };
        // The enum case passes on PostgreSQL 12, where ADD VALUE may run in a transaction.
        var passingOptions = rule == "enum-value-in-transaction" ? new LintOptions { AssumeInTransaction = true, PostgresVersion = 12 } : options;

        var flagged = MigrationLinter.Lint("m.sql", failing, options);
        var passed = MigrationLinter.Lint("m.sql", passing, passingOptions);

        Assert.Contains(flagged.Findings, f => f.Rule.Id == rule);
        Assert.DoesNotContain(passed.Findings, f => f.Rule.Id == rule);
    }

    [Fact]
    public void EveryRule_HasACaseAndSaysItsLockWhyAndSafeForm()
    {
        var tested = Cases.Select(c => (string)c[0]).ToHashSet();

        Assert.All(LintRules.Infos, rule =>
        {
            Assert.Contains(rule.Id, tested);
            Assert.Matches("^[a-z]+(-[a-z]+)*$", rule.Id);
            Assert.False(string.IsNullOrWhiteSpace(rule.Lock));
            Assert.False(string.IsNullOrWhiteSpace(rule.Why));
            Assert.False(string.IsNullOrWhiteSpace(rule.SafeForm));
        });
        Assert.Equal(LintRules.Infos.Count(), LintRules.Infos.Select(r => r.Id).Distinct().Count());
    }
}
