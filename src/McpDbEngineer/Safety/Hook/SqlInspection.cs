using System.Text.RegularExpressions;
using McpDbEngineer.Answers;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Safety.Hook;

/// <summary>
/// Reads every source a tool call runs or writes and files what it finds into <see cref="HookFindings"/>. SQL is
/// classified by <see cref="SqlClassifier"/> (PostgreSQL's own parser) after psql's backslash commands are read;
/// the bodies of DO blocks and functions are read again as SQL (or, for PL/pgSQL, searched for SQL statements);
/// code is searched for SQL strings and for the destructive calls of migration frameworks. Whatever the hook
/// cannot see is recorded as unclear, with the reason, so the user is asked.
/// </summary>
internal static partial class SqlInspection
{
    /// <summary>How deep sources may nest (a <c>bash -c</c> inside <c>ssh</c>, a function body inside a psql file …).</summary>
    public const int MaxDepth = 8;

    // Each candidate is parsed on its own, up to the end of the text when it has no semicolon: bounded, so a
    // fragment made of thousands of keywords costs milliseconds, not minutes.
    private const int MaxCandidates = 200;

    // A statement cut longer than this is judged by its first characters (it then rarely parses, and is asked about).
    private const int MaxCandidateLength = 20_000;

    public static void Inspect(SqlSource source, string cwd, HookFindings findings, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            findings.CannotTell(source, $"it nests deeper than the hook follows ({MaxDepth} levels)");
            return;
        }

        switch (source.Kind)
        {
            case SourceKind.Unknown:
                findings.CannotTell(source, source.Text);
                break;
            case SourceKind.Destroys:
                findings.Destroys(source, source.Text);
                break;
            case SourceKind.Code:
                foreach (var nested in CodeInspection.Sources(source, cwd, depth))
                {
                    Inspect(nested, cwd, findings, depth + 1);
                }

                break;
            default:
                Sql(source, cwd, findings, depth);
                break;
        }
    }

    private static void Sql(SqlSource source, string cwd, HookFindings findings, int depth)
    {
        var script = PsqlScript.Read(source, cwd);
        script.Unclear.ForEach(why => findings.CannotTell(source, why));
        foreach (var command in script.ShellCommands)
        {
            foreach (var nested in ShellSqlExtractor.Extract(command, cwd, depth + 1))
            {
                Inspect(nested, cwd, findings, depth + 1);
            }
        }

        foreach (var nested in script.Nested)
        {
            Inspect(nested, cwd, findings, depth + 1);
        }

        var verdict = SqlClassifier.Classify(script.Sql);
        if (verdict.Error is null)
        {
            foreach (var statement in verdict.Statements)
            {
                Statement(statement, source, cwd, findings, depth);
            }

            return;
        }

        var found = Tolerant(script.Sql, source, cwd, findings, depth);
        if (!found && !source.Fragment)
        {
            findings.CannotTell(source, $"PostgreSQL's parser rejects it ({verdict.Error.Message} at character {verdict.Error.Position + 1})");
        }
    }

    private static void Statement(StatementVerdict statement, SqlSource source, string cwd, HookFindings findings, int depth)
    {
        if (statement.Destructive)
        {
            findings.Destroys(source, Describe(statement));
        }
        else if (source.Runs && ChangesRows(statement))
        {
            findings.ChangesRows(source, $"{Describe(statement)} — the rows matching its WHERE, which the hook cannot count without the database");
        }
        else if (statement.Command.Contains("PROGRAM", StringComparison.Ordinal))
        {
            findings.CannotTell(source, Describe(statement));
        }
        else if (statement.Command.EndsWith(" RENAME", StringComparison.Ordinal))
        {
            findings.CannotTell(source, $"{statement.Command} renames an object: whatever reads it by its old name finds nothing, and an empty lookalike can take its place");
        }

        if (Dblink().IsMatch(statement.Text))
        {
            // dblink runs SQL on another connection, outside this statement: its string arguments are read as SQL too.
            findings.CannotTell(source, "dblink runs SQL on another connection");
            foreach (var literal in CodeStrings.Read(statement.Text, "sql").Strings)
            {
                Inspect(source with { Origin = $"{source.Origin} dblink", Text = literal.Text, Fragment = true, Variables = null }, cwd, findings, depth + 1);
            }
        }

        if (RoutineBodies.Of(statement) is not { } routine)
        {
            return;
        }

        var origin = $"{source.Origin} {(routine.RunsNow ? "DO block" : "function body")}";
        var body = source with { Origin = origin, Text = routine.Body, Fragment = false, Runs = source.Runs && routine.RunsNow, Variables = null };
        switch (routine.Language.ToLowerInvariant())
        {
            case "sql":
                Inspect(body, cwd, findings, depth + 1);
                break;
            case "plpgsql":
                Plpgsql(body, cwd, findings, depth);
                break;
            default:
                findings.CannotTell(body, $"its code is in language {routine.Language}, which the hook does not read");
                break;
        }
    }

    /// <summary>
    /// PL/pgSQL is not SQL, but its SQL statements are: each one starting with a destructive keyword is read on its
    /// own; EXECUTE of a literal string is read as SQL, EXECUTE of anything else is SQL built at run time.
    /// </summary>
    private static void Plpgsql(SqlSource body, string cwd, HookFindings findings, int depth)
    {
        // The statements around EXECUTE are scanned with its argument blanked out: that argument is judged here.
        var rest = body.Text.ToCharArray();
        foreach (Match execute in Execute().Matches(body.Text))
        {
            var end = StatementEnd(body.Text, execute.Index + execute.Length);
            Array.Fill(rest, ' ', execute.Index, end - execute.Index);
            var argument = body.Text[(execute.Index + execute.Length)..end].Trim();
            var quoted = argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'' && !argument[1..^1].Replace("''", "", StringComparison.Ordinal).Contains('\'');
            var tag = argument.Length >= 2 && argument[0] == '$' ? DollarTag(argument, 0) : null;
            if (quoted)
            {
                Inspect(body with { Text = argument[1..^1].Replace("''", "'", StringComparison.Ordinal), Fragment = true }, cwd, findings, depth + 1);
            }
            else if (tag is not null && argument.Length >= 2 * tag.Length && argument.EndsWith(tag, StringComparison.Ordinal) && argument.IndexOf(tag, tag.Length, StringComparison.Ordinal) == argument.Length - tag.Length)
            {
                Inspect(body with { Text = argument[tag.Length..^tag.Length], Fragment = true }, cwd, findings, depth + 1);
            }
            else
            {
                findings.CannotTell(body, $"EXECUTE runs SQL built at run time ({ShortText.Cut(ShortText.Squeezed(argument), 78)})");
            }
        }

        Tolerant(new string(rest), body with { Fragment = true }, cwd, findings, depth);
    }

    /// <summary>
    /// For text that does not parse whole (an edit's fragment, a string in code, a PL/pgSQL body): every statement
    /// that starts with a destructive keyword is cut out up to its semicolon and classified alone. One that still
    /// does not parse but plainly names a destructive command (<c>DROP TABLE {name}</c>) is unclear, not ignored.
    /// </summary>
    private static bool Tolerant(string sql, SqlSource source, string cwd, HookFindings findings, int depth)
    {
        var found = false;
        var from = 0;
        var tried = 0;
        for (var match = DestructiveStart().Match(sql); match.Success; match = DestructiveStart().Match(sql, from))
        {
            if (++tried > MaxCandidates)
            {
                findings.CannotTell(source, $"it holds more than {MaxCandidates} statement starts that do not parse together, more than the hook checks one by one");
                return true;
            }

            var end = Math.Min(StatementEnd(sql, match.Index), match.Index + MaxCandidateLength);
            var candidate = sql[match.Index..end];
            from = match.Index + match.Length;
            var verdict = SqlClassifier.Classify(candidate);
            if (verdict.Error is null && verdict.Statements.Count > 0)
            {
                foreach (var statement in verdict.Statements)
                {
                    var before = findings.Destructive.Count + findings.InDownMigration.Count + findings.RowChanges.Count + findings.Unclear.Count;
                    Statement(statement, source, cwd, findings, depth);
                    found |= findings.Destructive.Count + findings.InDownMigration.Count + findings.RowChanges.Count + findings.Unclear.Count > before;
                }

                from = end;
            }
            else if (PlainlyDestructive().IsMatch(candidate))
            {
                findings.CannotTell(source, $"`{ShortText.Cut(ShortText.Squeezed(candidate), 78)}` looks destructive but does not parse as SQL, so the hook cannot tell what it would destroy");
                found = true;
            }
        }

        return found;
    }

    /// <summary>Where the statement starting at <paramref name="start"/> ends: its semicolon outside quotes, comments and dollar quotes, or the end.</summary>
    internal static int StatementEnd(string sql, int start)
    {
        var i = start;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ';')
            {
                return i;
            }

            if (c is '\'' or '"')
            {
                var close = sql.IndexOf(c, i + 1);
                i = close < 0 ? sql.Length : close + 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var newline = sql.IndexOf('\n', i);
                i = newline < 0 ? sql.Length : newline + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tag.Length;
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static string? DollarTag(string sql, int at)
    {
        var end = at + 1;
        while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' && (end == at + 1 || !char.IsAsciiDigit(sql[at + 1])) ? sql[at..(end + 1)] : null;
    }

    private static bool ChangesRows(StatementVerdict statement) =>
        statement.Reasons.Any(reason => reason.StartsWith("DELETE changes rows", StringComparison.Ordinal) || reason.StartsWith("UPDATE changes rows", StringComparison.Ordinal)
            || reason.StartsWith("MERGE changes rows", StringComparison.Ordinal) || reason.StartsWith("data-modifying CTE (DELETE", StringComparison.Ordinal)
            || reason.StartsWith("data-modifying CTE (UPDATE", StringComparison.Ordinal));

    private static string Describe(StatementVerdict statement) =>
        string.Join(", ", statement.Reasons.Count > 0 ? statement.Reasons : [statement.Command]);

    [GeneratedRegex(@"\b(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|REASSIGN|VACUUM|CLUSTER|DO|CREATE|WITH|COPY|EXPLAIN)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DestructiveStart();

    [GeneratedRegex(@"^(?:DROP\s+(?:TABLE|SCHEMA|DATABASE|VIEW|MATERIALIZED|INDEX|SEQUENCE|FUNCTION|PROCEDURE|TYPE|EXTENSION|ROLE|USER|OWNED|TRIGGER|POLICY|COLUMN|CONSTRAINT)|TRUNCATE|DELETE\s+FROM|REASSIGN\s+OWNED)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlainlyDestructive();

    [GeneratedRegex(@"\bdblink(?:_exec|_send_query)?\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dblink();

    [GeneratedRegex(@"\bEXECUTE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Execute();
}
