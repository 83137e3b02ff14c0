using System.Text.Json;
using McpDbEngineer.Migrations.Lint.Rules;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>
/// Lints a migration from its parse tree alone, without I/O: every rule over every statement, in file order, with what
/// the file did before each statement (tables it created, lock_timeout, transaction blocks). Live table sizes come
/// after, through <see cref="Grade"/>.
/// </summary>
public static class MigrationLinter
{
    public static LintReport Lint(string file, string text, LintOptions options, int? postgresMajor = null)
    {
        using var parsed = PgQuery.Parse(text);
        var lines = new LineMap(text);
        if (parsed.Error is { } error)
        {
            var (line, column) = lines.At(Math.Clamp(error.Position, 0, text.Length));
            return new LintReport(file, [], new LintSyntaxError(line, column, error.Message), 0);
        }

        var script = new Utf8Script(text);
        var statements = new List<(string Type, JsonElement Body, bool Ddl, int Start, int End)>();
        foreach (var raw in parsed.Tree!.RootElement.GetProperty("stmts").EnumerateArray())
        {
            var startByte = raw.TryGetProperty("stmt_location", out var location) ? location.GetInt32() : 0;
            var endByte = raw.TryGetProperty("stmt_len", out var length) && length.GetInt32() > 0 ? startByte + length.GetInt32() : script.ByteLength;
            var node = raw.GetProperty("stmt");
            if (TryNode(node, out var type, out var body))
            {
                var ddl = StatementAnalyzer.Analyze(node).Class == StatementClass.Ddl;
                statements.Add((type, body, ddl, script.CharOffsetOfByte(startByte), script.CharOffsetOfByte(endByte)));
            }
        }

        var fileDisabled = options.DisabledRuleIds().Concat(LintDirectives.ForFile(text)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rules = LintRules.All.Where(r => !fileDisabled.Contains(r.Info.Id)).ToArray();
        var blocks = TransactionBlocks(statements.Select(s => (s.Type, s.Body, s.Ddl)).ToList(), options.AssumeInTransaction);
        var state = new MigrationState(options, postgresMajor ?? options.PostgresVersion, blocks[0], options.AssumeInTransaction ? 1 : 0,
            LockTimeoutSet: false, LockTakenBefore: false, CreatedTables: new List<SqlName>());
        var findings = new List<LintFinding>();
        var statementFindings = new List<LintFinding>();
        for (var i = 0; i < statements.Count; i++)
        {
            var (type, body, _, start, end) = statements[i];
            var (firstToken, disabled) = LintDirectives.Leading(text, start, end);
            var statement = new LintStatement(type, body, state);
            foreach (var rule in rules)
            {
                if (disabled.Contains(rule.Info.Id))
                {
                    continue;
                }

                foreach (var hit in rule.Check(statement))
                {
                    if (hit.Table is { } table && state.Created(table))
                    {
                        continue;
                    }

                    var (line, column) = lines.At(hit.ByteOffset is { } at ? script.CharOffsetOfByte(at) : firstToken);
                    statementFindings.Add(new LintFinding(rule.Info, rule.Info.Severity, line, column, hit.Message, hit.Table));
                }
            }

            findings.AddRange(statementFindings.OrderBy(f => f.Line).ThenBy(f => f.Column));
            statementFindings.Clear();
            state = After(statement, blocks[i + 1]);
        }

        return new LintReport(file, findings, null, statements.Count);
    }

    /// <summary>The tables whose size would grade a finding of the report.</summary>
    public static IReadOnlyList<SqlName> TablesToMeasure(LintReport report) =>
        report.Findings.Where(f => f.Rule.SizeAware && f.Table is not null).Select(f => f.Table!).Distinct().ToList();

    /// <summary>Grades the size-aware findings by the live size of their table: a note on a small one, an error on a large one.</summary>
    public static LintReport Grade(LintReport report, IReadOnlyDictionary<SqlName, TableSize> sizes) => report with
    {
        Findings = report.Findings
            .Select(f => f.Rule.SizeAware && f.Table is { } table && sizes.TryGetValue(table, out var size)
                ? f with { Severity = TableSizeGrade.Of(size), Size = size }
                : f)
            .ToList(),
    };

    /// <summary>What the file has done once <paramref name="statement"/> ran: the state the next statement sees.</summary>
    private static MigrationState After(LintStatement statement, TransactionBlock? next)
    {
        var state = statement.State;
        var created = state.CreatedTables;
        if (statement.Type is "CreateStmt" && LintStatement.Table(Field(statement.Body, "relation")) is { } table)
        {
            created = [.. created, table];
        }

        var open = state.OpenTransactions + statement.Type switch
        {
            "TransactionStmt" when Text(statement.Body, "kind") is "TRANS_STMT_BEGIN" or "TRANS_STMT_START" => 1,
            "TransactionStmt" when Text(statement.Body, "kind") is "TRANS_STMT_COMMIT" or "TRANS_STMT_ROLLBACK" => -1,
            _ => 0,
        };
        var lockTimeout = statement.Type == "VariableSetStmt" && Text(statement.Body, "name") == "lock_timeout"
            ? Text(statement.Body, "kind") == "VAR_SET_VALUE" && !IsZero(Items(statement.Body, "args").FirstOrDefault())
            : state.LockTimeoutSet;
        return state with
        {
            Transaction = next,
            OpenTransactions = Math.Max(open, 0),
            LockTimeoutSet = lockTimeout,
            LockTakenBefore = state.LockTakenBefore || MissingLockTimeout.TakesLock(statement) is { } locked && !state.Created(locked),
            CreatedTables = created,
        };
    }

    private static bool IsZero(JsonElement argument) =>
        TryNode(argument, out _, out var constant)
        && (Text(Field(constant, "sval"), "sval") is "0" or "0ms" or "0s" || (Has(constant, "ival") && !Has(Field(constant, "ival"), "ival")));

    /// <summary>
    /// The transaction block of each statement (index i), and at index n the block after the last one: the whole file when
    /// the tool runs it in one, else each explicit BEGIN … COMMIT/ROLLBACK.
    /// </summary>
    private static TransactionBlock?[] TransactionBlocks(IReadOnlyList<(string Type, JsonElement Body, bool Ddl)> statements, bool assumeInTransaction)
    {
        var blocks = new TransactionBlock?[statements.Count + 1];
        if (assumeInTransaction)
        {
            var whole = new TransactionBlock(Explicit: false, statements.Any(s => s.Ddl));
            Array.Fill(blocks, whole);
            return blocks;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            if (!IsTransaction(statements[i], "TRANS_STMT_BEGIN", "TRANS_STMT_START"))
            {
                continue;
            }

            var end = i + 1;
            while (end < statements.Count && !IsTransaction(statements[end], "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK"))
            {
                end++;
            }

            var block = new TransactionBlock(Explicit: true, Enumerable.Range(i + 1, end - i - 1).Any(j => statements[j].Ddl), Closed: end < statements.Count);
            for (var j = i; j <= Math.Min(end, statements.Count - 1); j++)
            {
                blocks[j] = block;
            }

            // An unclosed BEGIN holds the rest of the file.
            if (end == statements.Count)
            {
                blocks[end] = block;
            }

            i = end;
        }

        return blocks;
    }

    private static bool IsTransaction((string Type, JsonElement Body, bool Ddl) statement, params string[] kinds) =>
        statement.Type == "TransactionStmt" && kinds.Contains(Text(statement.Body, "kind"));
}
