using System.Text.RegularExpressions;

namespace McpDbEngineer.Sql;

/// <summary>Identifiers written as SQL: the one place that double-quotes them.</summary>
public static partial class Identifiers
{
    /// <summary>Always double-quoted, inner quotes doubled: safe for any name ("Order Items" → "Order Items").</summary>
    public static string Quoted(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Bare when PostgreSQL would print it bare (lower case letters, digits, _ and $), else double-quoted.</summary>
    public static string AsPrinted(string identifier) => BareIdentifier().IsMatch(identifier) ? identifier : Quoted(identifier);

    [GeneratedRegex("^[a-z_][a-z0-9_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex BareIdentifier();
}
