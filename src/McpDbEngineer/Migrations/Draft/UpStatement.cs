using System.Text.Json;
using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>One statement of the up migration: its number (from 1), its text as written, and its parse tree node.</summary>
internal sealed record UpStatement(int Number, string Sql, string Type, JsonElement Body)
{
    /// <summary>The statements of <paramref name="sql"/>, or a <see cref="ToolException"/> naming the syntax error and where it is.</summary>
    public static IReadOnlyList<UpStatement> Read(string sql, ParsedScript parsed)
    {
        if (parsed.Error is { } error)
        {
            throw new ToolException($"The up SQL does not parse: {error.Message} at character {error.Position + 1}. Fix it and draft again.");
        }

        var spans = PgQuery.Split(sql).Statements;
        var raws = ParseTree.Items(parsed.Tree!.RootElement, "stmts").ToList();
        var statements = new List<UpStatement>();
        for (var i = 0; i < raws.Count && i < spans.Count; i++)
        {
            if (ParseTree.TryNode(ParseTree.Field(raws[i], "stmt"), out var type, out var body))
            {
                statements.Add(new UpStatement(statements.Count + 1, sql.Substring(spans[i].Start, spans[i].Length).Trim(), type, body));
            }
        }

        return statements.Count > 0
            ? statements
            : throw new ToolException("The up SQL holds no statement. Pass the change as SQL, e.g. ALTER TABLE orders ADD COLUMN note text;");
    }
}
