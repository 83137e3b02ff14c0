using System.Text.Json;
using System.Text.RegularExpressions;
using static McpDbEngineer.Sql.Parsing.ParseTree;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>
/// Whether a column type change keeps every value exactly (integer to bigint, varchar(20) to text): only then is its
/// down exact. Anything not known to widen is treated as narrowing: a value may be rounded, cut or refused.
/// </summary>
internal static partial class TypeWidening
{
    private static readonly string[] Integers = ["int2", "int4", "int8", "numeric"];
    private static readonly string[] Floats = ["float4", "float8"];

    /// <param name="oldType">The column's type as format_type prints it ("character varying(20)").</param>
    /// <param name="newType">The TypeName node of ALTER COLUMN … TYPE.</param>
    public static bool Widens(string oldType, JsonElement newType)
    {
        var (from, fromLength) = Printed(oldType);
        var names = Names(Field(newType, "names"));
        var to = names.Count > 0 ? names[^1] : "?";
        var toModifiers = Items(newType, "typmods").Select(m => TryNode(m, out _, out var c) ? Field(Field(c, "ival"), "ival") : default)
            .Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetInt32()).ToList();
        var toLength = toModifiers.Count > 0 ? toModifiers[0] : (int?)null;
        if (Items(newType, "arrayBounds").Any() != oldType.EndsWith("[]", StringComparison.Ordinal))
        {
            return false;
        }

        return (from, to) switch
        {
            _ when from == to && (toLength is null || fromLength is not null && toLength >= fromLength) && (to != "numeric" || toModifiers.Count == 0) => true,
            ("varchar" or "bpchar", "text") => true,
            ("varchar", "varchar") or ("bpchar", "varchar") => toLength is null || fromLength is not null && toLength >= fromLength,
            ("timestamp", "timestamptz") => true,
            _ when Array.IndexOf(Integers, from) is >= 0 and var a && Array.IndexOf(Integers, to) is var b && b > a => to != "numeric" || toModifiers.Count == 0,
            _ when Array.IndexOf(Floats, from) is >= 0 and var a && Array.IndexOf(Floats, to) > a => true,
            _ => false,
        };
    }

    /// <summary>format_type's spelling → the internal name and its length, if any.</summary>
    private static (string Name, int? Length) Printed(string type)
    {
        var match = PrintedType().Match(type);
        var name = (match.Groups["name"].Value.Trim() + match.Groups["rest"].Value).Trim() switch
        {
            "smallint" => "int2",
            "integer" => "int4",
            "bigint" => "int8",
            "real" => "float4",
            "double precision" => "float8",
            "character varying" => "varchar",
            "character" => "bpchar",
            "timestamp without time zone" => "timestamp",
            "timestamp with time zone" => "timestamptz",
            var other => other,
        };
        return (name, match.Groups["length"].Success && !match.Groups["length"].Value.Contains(',') ? int.Parse(match.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"^(?<name>[^(\[]+)(?:\((?<length>[^)]*)\))?(?<rest>[^\[]*)(?:\[\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrintedType();
}
