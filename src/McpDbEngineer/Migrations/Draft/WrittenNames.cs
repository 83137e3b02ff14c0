using System.Text.Json;
using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>
/// Names from a parse tree written back as SQL, qualified exactly as the up migration wrote them (so the down
/// resolves through the same search_path), each part quoted only when PostgreSQL would quote it.
/// </summary>
internal static class WrittenNames
{
    /// <summary>A RangeVar: <c>orders</c>, <c>sales."Order"</c>.</summary>
    public static string Relation(JsonElement rangeVar) =>
        Join(Text(rangeVar, "schemaname") is { } schema ? [schema, Text(rangeVar, "relname") ?? "?"] : [Text(rangeVar, "relname") ?? "?"]);

    /// <summary>A name in the same schema as <paramref name="rangeVar"/> (an index lives beside its table).</summary>
    public static string Beside(JsonElement rangeVar, string name) =>
        Join(Text(rangeVar, "schemaname") is { } schema ? [schema, name] : [name]);

    public static string Join(IEnumerable<string> parts) => string.Join('.', parts.Select(Identifiers.AsPrinted));

    /// <summary>A list of String nodes (a function's, type's or trigger's name).</summary>
    public static string List(JsonElement names) => Join(Names(names));

    /// <summary>A type as written in a signature: <c>integer</c> reads back as pg_catalog.int4, arrays keep their [].</summary>
    public static string Type(JsonElement typeName)
    {
        var body = TryNode(typeName, out _, out var inner) ? inner : typeName;
        var names = Names(Field(body, "names"));
        var written = names is ["pg_catalog", var builtin] ? builtin : Join(names);
        return written + string.Concat(Items(body, "arrayBounds").Select(_ => "[]"));
    }

    /// <summary>A function's signature from its name and the types of its input arguments: <c>public.f(int4, text)</c>.</summary>
    public static string Signature(string name, IEnumerable<JsonElement> argumentTypes) =>
        $"{name}({string.Join(", ", argumentTypes.Select(Type))})";

    /// <summary>The input-argument types of a CREATE FUNCTION's parameters (OUT and TABLE columns are not part of the signature).</summary>
    public static IEnumerable<JsonElement> InputTypes(JsonElement createFunction) =>
        Items(createFunction, "parameters")
            .Select(p => TryNode(p, out _, out var parameter) ? parameter : default)
            .Where(p => Text(p, "mode") is null or "FUNC_PARAM_IN" or "FUNC_PARAM_INOUT" or "FUNC_PARAM_VARIADIC" or "FUNC_PARAM_DEFAULT")
            .Select(p => Field(p, "argType"));

    /// <summary>An ObjectWithArgs (DROP FUNCTION f(int), GRANT … ON FUNCTION f(int)) as a signature.</summary>
    public static string FunctionObject(JsonElement objectWithArgs) =>
        Signature(List(Field(objectWithArgs, "objname")), Items(objectWithArgs, "objargs"));
}
