using System.Diagnostics;
using System.Text;
using McpDbEngineer.Safety;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Tests.Sql;

public sealed class PgQueryTests
{
    [Fact]
    public void Split_GivesCharOffsetsAfterNonAsciiText()
    {
        const string sql = "SELECT 'héllo wörld 🐘 日本';\n  SELECT 2; SELECT 'ß'";

        var split = PgQuery.Split(sql);

        Assert.Null(split.Error);
        Assert.Equal(3, split.Statements.Count);
        var second = split.Statements[1];
        Assert.Equal("SELECT 2", sql.Substring(second.Start, second.Length).Trim());
        var third = split.Statements[2];
        Assert.Equal("SELECT 'ß'", sql.Substring(third.Start, third.Length).Trim());
    }

    [Fact]
    public void Classify_CutsEachStatementAtItsCharPosition()
    {
        const string sql = "/* ünïcödé 🐘 */ SELECT 'ø';\n\nCOMMIT; DROP TABLE orders";

        var verdict = SqlClassifier.Classify(sql);

        Assert.Null(verdict.Error);
        Assert.Collection(
            verdict.Statements,
            first => Assert.Equal(StatementClass.Read, first.Class),
            commit =>
            {
                Assert.Equal("COMMIT", commit.Text);
                Assert.Equal(sql.IndexOf("COMMIT", StringComparison.Ordinal), commit.Start);
                Assert.Equal(StatementClass.Transaction, commit.Class);
            },
            drop =>
            {
                Assert.Equal("DROP TABLE orders", drop.Text);
                Assert.Equal(sql.IndexOf("DROP", StringComparison.Ordinal), drop.Start);
                Assert.True(drop.Destructive);
                Assert.Equal(["table orders"], drop.DestroyedObjects);
            });
    }

    [Fact]
    public void Classify_ReadThenWriteIsTwoStatements()
    {
        var verdict = SqlClassifier.Classify("SELECT 1; DELETE FROM orders WHERE id = 1;");

        Assert.Equal([StatementClass.Read, StatementClass.Write], verdict.Statements.Select(s => s.Class));
    }

    [Fact]
    public void Classify_SemicolonsInsideStringsAndDollarQuotesDoNotSplit()
    {
        var verdict = SqlClassifier.Classify("SELECT 'a;b', $$c;d$$, $x$e;f$x$, E'g\\';h' /* i; j */ -- k; l\n");

        var statement = Assert.Single(verdict.Statements);
        Assert.Equal(StatementClass.Read, statement.Class);
    }

    [Fact]
    public void Classify_CommentOnlyScriptHasNoStatements()
    {
        var verdict = SqlClassifier.Classify("-- nothing here\n/* nor here */");

        Assert.Null(verdict.Error);
        Assert.Empty(verdict.Statements);
    }

    [Fact]
    public void Classify_ReportsSyntaxErrorsAtTheirCharPosition()
    {
        const string sql = "SELECT 'é🐘ü' frm x";

        var verdict = SqlClassifier.Classify(sql);

        Assert.NotNull(verdict.Error);
        Assert.Contains("syntax error", verdict.Error.Message);
        Assert.Equal(sql.IndexOf(" x", StringComparison.Ordinal) + 1, verdict.Error.Position);
        Assert.Empty(verdict.Statements);
    }

    [Fact]
    public void Classify_ReportsSyntaxErrorsInLaterStatementsAtTheirScriptPosition()
    {
        const string sql = "SELECT 'ä'; SELEC 2";

        var verdict = SqlClassifier.Classify(sql);

        Assert.NotNull(verdict.Error);
        Assert.Equal(sql.IndexOf("SELEC 2", StringComparison.Ordinal), verdict.Error.Position);
    }

    [Fact]
    public void Classify_ErrorAtEndOfInputPointsAtTheEnd()
    {
        const string sql = "SELECT (1";

        var verdict = SqlClassifier.Classify(sql);

        Assert.NotNull(verdict.Error);
        Assert.Equal(sql.Length, verdict.Error.Position);
    }

    [Fact]
    public void Classify_RefusesNulCharacters()
    {
        // Without this, the C parser would stop at the NUL and never see the DROP.
        var verdict = SqlClassifier.Classify("SELECT 1\0; DROP TABLE orders");

        Assert.NotNull(verdict.Error);
        Assert.Equal(8, verdict.Error.Position);
    }

    [Fact]
    public void Classify_SurvivesRandomTruncatedAndDeeplyNestedInput()
    {
        var random = new Random(20250101);
        var inputs = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            inputs.Add(Encoding.UTF8.GetString(bytes).Replace('\0', ' '));
            inputs.Add(new string(Enumerable.Range(0, random.Next(1, 80)).Select(_ => (char)random.Next(1, 0xFFFF)).ToArray()));
        }

        foreach (var statement in ClassifierCorpus.Cases.Select(c => c.Sql))
        {
            for (var length = 0; length < statement.Length; length += 7)
            {
                inputs.Add(statement[..length]);
            }
        }

        inputs.Add("SELECT " + string.Concat(Enumerable.Repeat("(", 5000)) + "1" + string.Concat(Enumerable.Repeat(")", 5000)));
        inputs.Add("SELECT " + string.Concat(Enumerable.Repeat("f(", 3000)) + "1" + string.Concat(Enumerable.Repeat(")", 3000)));
        inputs.Add("SELECT " + string.Concat(Enumerable.Repeat("(SELECT ", 2000)) + "1" + string.Concat(Enumerable.Repeat(")", 2000)));
        inputs.Add("SELECT 1" + string.Concat(Enumerable.Repeat("+1", 20_000)));
        inputs.Add("SELECT 1" + string.Concat(Enumerable.Repeat(" UNION SELECT 1", 50_000)));
        inputs.Add("SELECT " + string.Concat(Enumerable.Repeat("- ", 20_000)) + "1");
        inputs.Add(string.Concat(Enumerable.Repeat("/*", 1000)) + " SELECT 1");
        inputs.Add("SELECT '" + new string('x', 1_000_000) + "'");
        inputs.Add("\uD800 SELECT 1 \uDFFF");

        inputs.Add(new string('(', PgQuery.MaxLength + 1));

        foreach (var input in inputs)
        {
            var verdict = SqlClassifier.Classify(input);
            Assert.True(verdict.Error is not null || verdict.Statements.All(s => s.Command.Length > 0));
        }

        var leftDeep = SqlClassifier.Classify("SELECT 1" + string.Concat(Enumerable.Repeat(" + lower('a')::int", 1_000)) + " + pg_sleep(1)");
        Assert.Equal("pg_sleep", Assert.Single(Assert.Single(leftDeep.Statements).DeniedFunctions).Name);
    }

    [Fact]
    public void Parse_LongestAllowedLeftDeepExpressionDoesNotOverflowTheStack()
    {
        // Parsed on a thread-pool thread this would overflow the native stack and kill the process.
        var sql = "SELECT 1" + string.Concat(Enumerable.Repeat("+1", (PgQuery.MaxLength - 8) / 2));

        using var parsed = PgQuery.Parse(sql);

        Assert.NotNull(parsed.Error);
        Assert.Contains("nests deeper", parsed.Error.Message);
    }
}

[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public sealed class PgQueryMemoryTests
{
    [Fact]
    public void Classify_FreesNativeResults()
    {
        // A wide statement makes every parse tree tens of kilobytes, so a leak of trees cannot hide under the bound.
        string[] scripts =
        [
            "SELECT " + string.Join(", ", Enumerable.Range(0, 200).Select(i => $"lower(c{i}) AS \"é{i}\"")) + " FROM orders",
            "WITH d AS (DELETE FROM orders RETURNING *) SELECT o.id, lower(c.email), pg_sleep(0) FROM d o JOIN customers c ON c.id = o.customer_id",
            "SELECT 'éü🐘'; DROP TABLE orders CASCADE; ALTER TABLE t DROP COLUMN x",
            "SELECT FROM WHERE (((",
        ];
        for (var i = 0; i < 500; i++)
        {
            SqlClassifier.Classify(scripts[i % scripts.Length]);
        }

        var before = PrivateMemory();
        for (var i = 0; i < 20_000; i++)
        {
            SqlClassifier.Classify(scripts[i % scripts.Length]);
        }

        var growth = PrivateMemory() - before;

        Assert.True(growth < 50L * 1024 * 1024, $"private memory grew by {growth / (1024 * 1024)} MB over 20,000 classifications");
    }

    private static long PrivateMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }
}
