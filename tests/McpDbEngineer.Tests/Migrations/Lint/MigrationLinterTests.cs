using McpDbEngineer.Migrations.Lint;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Tests.Migrations.Lint;

/// <summary>What the linter does around the rules: positions, disable comments, configuration, new tables, grading by size.</summary>
public sealed class MigrationLinterTests
{
    private static readonly LintOptions Defaults = new();

    [Fact]
    public void Positions_AreLineAndColumnInCharacters_AfterMultibyteText()
    {
        var report = MigrationLinter.Lint("m.sql", "SELECT 'ééé'; CREATE INDEX ON orders (x);\n\n  VACUUM FULL orders;", Defaults);

        Assert.Contains(report.Findings, f => f.Rule.Id == "index-without-concurrently" && (f.Line, f.Column) == (1, 15));
        Assert.Contains(report.Findings, f => f.Rule.Id == "vacuum-full" && (f.Line, f.Column) == (3, 3));
    }

    [Fact]
    public void ColumnFindings_PointAtTheColumn()
    {
        var report = MigrationLinter.Lint("m.sql", "CREATE TABLE t (\n  id bigint,\n  at timestamp\n);", Defaults);

        var finding = Assert.Single(report.Findings, f => f.Rule.Id == "prefer-timestamptz");
        Assert.Equal((3, 3), (finding.Line, finding.Column));
    }

    [Fact]
    public void SyntaxError_IsReportedWithItsPosition_AndNothingIsLinted()
    {
        var report = MigrationLinter.Lint("m.sql", "CREATE INDEX ON orders (a);\nALTER TABLE orders ADD COLUMN ;", Defaults);

        Assert.NotNull(report.Error);
        Assert.Equal(2, report.Error.Line);
        Assert.Equal(31, report.Error.Column);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void DisableComment_BeforeAStatement_TurnsTheRuleOffForThatStatementOnly()
    {
        const string sql = """
            SET lock_timeout = '2s';
            -- reviewed: orders is small
            -- mcp-db-engineer:disable index-without-concurrently, prefer-robust-statements
            CREATE INDEX ON orders (status);
            CREATE INDEX ON orders (created_at);
            """;

        var report = MigrationLinter.Lint("m.sql", sql, Defaults);

        var finding = Assert.Single(report.Findings, f => f.Rule.Id == "index-without-concurrently");
        Assert.Equal(5, finding.Line);
    }

    [Fact]
    public void DisableFileComment_AndConfiguration_TurnRulesOffForTheWholeFile()
    {
        const string sql = "-- mcp-db-engineer:disable-file index-without-concurrently\nCREATE INDEX ON orders (a);\nCREATE INDEX ON orders (b);\nVACUUM FULL orders;";

        var byComment = MigrationLinter.Lint("m.sql", sql, Defaults);
        var byConfiguration = MigrationLinter.Lint("m.sql", sql, new LintOptions { DisabledRules = "vacuum-full, missing-lock-timeout" });

        Assert.DoesNotContain(byComment.Findings, f => f.Rule.Id == "index-without-concurrently");
        Assert.Contains(byComment.Findings, f => f.Rule.Id == "vacuum-full");
        Assert.DoesNotContain(byConfiguration.Findings, f => f.Rule.Id is "vacuum-full" or "missing-lock-timeout" or "index-without-concurrently");
    }

    [Fact]
    public void TablesCreatedInTheSameFile_AreNotLockHazards()
    {
        const string sql = """
            CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric, customer_id bigint);
            CREATE INDEX ON invoices (customer_id);
            ALTER TABLE invoices ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);
            ALTER TABLE invoices ALTER COLUMN total SET NOT NULL;
            """;

        var report = MigrationLinter.Lint("m.sql", sql, Defaults);

        Assert.DoesNotContain(report.Findings, f => f.Severity != LintSeverity.Note);
    }

    [Fact]
    public void WhereSquawkIsWrong_TruncateVacuumFullAndCascadeAreFlaggedDespiteTimeouts_AndAPlainIntIsNot()
    {
        const string sql = """
            SET lock_timeout = '2s';
            SET statement_timeout = '5s';
            TRUNCATE audit_log;
            VACUUM FULL orders;
            DROP VIEW IF EXISTS order_totals CASCADE;
            CREATE TABLE IF NOT EXISTS counters (n int);
            """;

        var report = MigrationLinter.Lint("m.sql", sql, Defaults);

        Assert.Equal(["cascade", "drop-object", "truncate", "vacuum-full"], report.Findings.Select(f => f.Rule.Id).Distinct().Order());
        Assert.DoesNotContain(report.Findings, f => f.Line == 6);
    }

    [Fact]
    public void Grade_MakesTheSameFindingANoteOnASmallTableAndAnErrorOnALargeOne()
    {
        var report = MigrationLinter.Lint("m.sql", "SET lock_timeout = '1s'; CREATE INDEX ON small (a); CREATE INDEX ON big (a); CREATE INDEX ON middle (a); CREATE INDEX ON fresh (a);", Defaults);
        var sizes = new Dictionary<SqlName, TableSize>
        {
            [new(null, "small")] = new(true, 16 * 1024, 10),
            [new(null, "big")] = new(true, 12L * 1024 * 1024 * 1024, 90_000_000),
            [new(null, "middle")] = new(true, 200L * 1024 * 1024, 500_000),
            [new(null, "fresh")] = new(false, 0, null),
        };

        var graded = MigrationLinter.Grade(report, sizes).Findings.Where(f => f.Rule.Id == "index-without-concurrently");

        Assert.Equal(LintSeverity.Error, report.Findings.Single(f => f.Table?.Name == "small").Severity);
        Assert.Equal(
            [("small", LintSeverity.Note), ("big", LintSeverity.Error), ("middle", LintSeverity.Warning), ("fresh", LintSeverity.Note)],
            graded.Select(f => (f.Table!.Name, f.Severity)));
    }

    [Fact]
    public void TextAnswer_CutAtTheLimit_KeepsTheErrorsAndSaysWhatWasCut()
    {
        var sql = string.Concat(Enumerable.Range(1, 30).Select(i => $"CREATE TABLE IF NOT EXISTS t{i} (at timestamp);\n")) + "VACUUM FULL orders;\n";
        var report = MigrationLinter.Lint("m.sql", sql, new LintOptions { DisabledRules = "missing-lock-timeout" });

        var text = McpDbEngineer.Migrations.Lint.Output.LintTextWriter.Write([report], null, maxFindings: 5);

        Assert.Contains("\n31:1 error vacuum-full: ", text);
        Assert.Equal(5, text.Split('\n').Count(line => line.Contains(" warning ") || line.Contains(" error ")));
        Assert.EndsWith("(26 less severe findings cut; fix these first, or lint fewer statements at a time)\n", text);
    }
}
