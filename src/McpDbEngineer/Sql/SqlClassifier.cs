using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Sql;

/// <summary>
/// Reads SQL with PostgreSQL's own parser and says, statement by statement, what it does. It sees what the
/// server will see — comments, dollar quotes, escapes and quoted identifiers resolve exactly as PostgreSQL
/// resolves them — so a read is recognised however it is written and a write cannot hide inside one.
/// </summary>
public static class SqlClassifier
{
    /// <summary>Classifies every statement of <paramref name="sql"/>; a syntax error anywhere stops with the error.</summary>
    /// <exception cref="ToolException">libpg_query is not installed (the message says how to install it).</exception>
    public static ScriptVerdict Classify(string sql)
    {
        var split = PgQuery.Split(sql);
        if (split.Error is not null)
        {
            return new ScriptVerdict([], split.Error);
        }

        var statements = new List<StatementVerdict>(split.Statements.Count);
        foreach (var span in split.Statements)
        {
            var (start, text) = Trim(sql, span);
            if (text.Length == 0)
            {
                continue;
            }

            // Each statement is parsed on its own so its tree is small and its text is exactly what was judged.
            using var parsed = PgQuery.Parse(text);
            if (parsed.Error is { } error)
            {
                return new ScriptVerdict([], error with { Position = start + error.Position });
            }

            foreach (var raw in parsed.Tree!.RootElement.GetProperty("stmts").EnumerateArray())
            {
                statements.Add(StatementAnalyzer.Analyze(raw.GetProperty("stmt")).ToVerdict(text, start));
            }
        }

        return new ScriptVerdict(statements, null);
    }

    private static (int Start, string Text) Trim(string sql, StatementSpan span)
    {
        var start = span.Start;
        var end = span.Start + span.Length;
        while (start < end && char.IsWhiteSpace(sql[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(sql[end - 1]))
        {
            end--;
        }

        return (start, sql[start..end]);
    }
}
