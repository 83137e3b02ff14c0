using System.Text.Json;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Safety.Hook;

/// <summary>The code of a DO block or a function/procedure: its language and body text.</summary>
/// <param name="RunsNow">A DO block runs as it is sent; a function body runs later, when it is called.</param>
internal sealed record RoutineBody(string Language, string Body, bool RunsNow);

/// <summary>Reads the bodies out of <c>DO</c>, <c>CREATE FUNCTION</c> and <c>CREATE PROCEDURE</c> with PostgreSQL's parser.</summary>
internal static class RoutineBodies
{
    public static RoutineBody? Of(StatementVerdict statement)
    {
        if (statement.Command is not ("DO" or "CREATE FUNCTION" or "CREATE PROCEDURE"))
        {
            return null;
        }

        using var parsed = PgQuery.Parse(statement.Text);
        if (parsed.Tree is null)
        {
            return null;
        }

        foreach (var raw in parsed.Tree.RootElement.GetProperty("stmts").EnumerateArray())
        {
            if (!TryNode(raw.GetProperty("stmt"), out var type, out var body))
            {
                continue;
            }

            if (type == "DoStmt")
            {
                return new RoutineBody(Option(body, "args", "language") ?? "plpgsql", Option(body, "args", "as") ?? "", RunsNow: true);
            }

            if (type == "CreateFunctionStmt")
            {
                var language = Option(body, "options", "language") ?? "sql";
                if (Has(body, "sql_body"))
                {
                    // BEGIN ATOMIC … END: the body is SQL written in place; read it from the statement's text.
                    var start = statement.Text.IndexOf("BEGIN ATOMIC", StringComparison.OrdinalIgnoreCase);
                    var end = statement.Text.LastIndexOf("END", StringComparison.OrdinalIgnoreCase);
                    var atomic = start >= 0 && end > start ? statement.Text[(start + "BEGIN ATOMIC".Length)..end] : "";
                    return new RoutineBody("sql", atomic, RunsNow: false);
                }

                return new RoutineBody(language, Option(body, "options", "as") ?? "", RunsNow: false);
            }
        }

        return null;
    }

    /// <summary>A DefElem's value in a list of options: a string, or the first string of a list (a function's AS).</summary>
    private static string? Option(JsonElement body, string list, string name)
    {
        foreach (var item in Items(body, list))
        {
            if (TryNode(item, out var type, out var definition) && type == "DefElem" && Text(definition, "defname") == name)
            {
                var arg = Field(definition, "arg");
                if (TryNode(arg, out var argType, out var argBody))
                {
                    if (argType == "String")
                    {
                        return Text(argBody, "sval");
                    }

                    if (argType == "List")
                    {
                        return Names(Field(argBody, "items")).FirstOrDefault();
                    }
                }
            }
        }

        return null;
    }
}
