using System.Text;
using System.Text.Json;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>Reading libpg_query's JSON: nodes are one-property objects {"NodeType": {fields}}; defaults are omitted.</summary>
internal static class ParseTree
{
    public static bool TryNode(JsonElement element, out string type, out JsonElement body)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                type = property.Name;
                body = property.Value;
                return body.ValueKind == JsonValueKind.Object;
            }
        }

        type = "";
        body = default;
        return false;
    }

    public static string? Text(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool Flag(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    public static bool Has(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public static JsonElement Field(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) ? value : default;

    public static IEnumerable<JsonElement> Items(JsonElement body, string field) =>
        Field(body, field) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>The String values of a name list ([{"String":{"sval":"public"}}, {"String":{"sval":"orders"}}]).</summary>
    public static List<string> Names(JsonElement list)
    {
        var names = new List<string>();
        if (list.ValueKind != JsonValueKind.Array)
        {
            return names;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (TryNode(item, out var type, out var body) && type == "String" && Text(body, "sval") is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>A RangeVar body as written: "public.orders" or "orders".</summary>
    public static string Relation(JsonElement rangeVar)
    {
        var name = new StringBuilder();
        foreach (var part in (string[])["catalogname", "schemaname", "relname"])
        {
            if (Text(rangeVar, part) is { } text)
            {
                name.Append(name.Length > 0 ? "." : "").Append(text);
            }
        }

        return name.Length > 0 ? name.ToString() : "?";
    }

    /// <summary>The name of a dropped object, whatever shape the parser gives it (List, String, ObjectWithArgs, TypeName, RoleSpec).</summary>
    public static List<string> ObjectName(JsonElement node)
    {
        if (!TryNode(node, out var type, out var body))
        {
            return [];
        }

        return type switch
        {
            "List" => Names(Field(body, "items")),
            "String" => Text(body, "sval") is { } name ? [name] : [],
            "ObjectWithArgs" => Names(Field(body, "objname")),
            "TypeName" => Names(Field(body, "names")),
            "RoleSpec" => [Role(body)],
            _ => [],
        };
    }

    public static string Role(JsonElement roleSpec) => Text(roleSpec, "rolename") ?? Text(roleSpec, "roletype") switch
    {
        "ROLESPEC_CURRENT_USER" => "CURRENT_USER",
        "ROLESPEC_SESSION_USER" => "SESSION_USER",
        "ROLESPEC_CURRENT_ROLE" => "CURRENT_ROLE",
        "ROLESPEC_PUBLIC" => "PUBLIC",
        _ => "?",
    };

    /// <summary>"OBJECT_FOREIGN_TABLE" → "FOREIGN TABLE", with the few names SQL spells differently.</summary>
    public static string ObjectWords(string? objectType) => objectType switch
    {
        null => "TABLE",
        "OBJECT_MATVIEW" => "MATERIALIZED VIEW",
        "OBJECT_FDW" => "FOREIGN DATA WRAPPER",
        "OBJECT_FOREIGN_SERVER" => "SERVER",
        "OBJECT_TSCONFIGURATION" => "TEXT SEARCH CONFIGURATION",
        "OBJECT_TSDICTIONARY" => "TEXT SEARCH DICTIONARY",
        "OBJECT_TSPARSER" => "TEXT SEARCH PARSER",
        "OBJECT_TSTEMPLATE" => "TEXT SEARCH TEMPLATE",
        "OBJECT_OPCLASS" => "OPERATOR CLASS",
        "OBJECT_OPFAMILY" => "OPERATOR FAMILY",
        "OBJECT_STATISTIC_EXT" => "STATISTICS",
        "OBJECT_LARGEOBJECT" => "LARGE OBJECT",
        "OBJECT_TABCONSTRAINT" or "OBJECT_DOMCONSTRAINT" => "CONSTRAINT",
        _ => objectType.Replace("OBJECT_", "", StringComparison.Ordinal).Replace('_', ' '),
    };

    /// <summary>"CreateForeignTableStmt" → "CREATE FOREIGN TABLE": the fallback tag for statements without a better one.</summary>
    public static string CommandWords(string nodeType)
    {
        var words = new StringBuilder();
        var name = nodeType.EndsWith("Stmt", StringComparison.Ordinal) ? nodeType[..^4] : nodeType;
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(char.ToUpperInvariant(name[i]));
        }

        return words.ToString();
    }
}
