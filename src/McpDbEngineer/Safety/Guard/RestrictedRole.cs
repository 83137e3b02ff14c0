using McpDbEngineer.Sql;

namespace McpDbEngineer.Safety.Guard;

/// <summary>
/// The SQL a DBA runs once so that read-only mode runs agent statements as a role that can only read
/// (<c>mcp-db-engineer restricted-role-sql</c>); the embedded sandbox runs it on its own cluster.
/// </summary>
public static class RestrictedRole
{
    /// <summary>The login that can only switch to the reader.</summary>
    public const string DefaultLogin = "mcp_db_engineer";

    /// <exception cref="ArgumentException">A name that is not a plain lower-case identifier (the SQL quotes names, it does not escape them).</exception>
    public static string Sql(string reader, string login = DefaultLogin)
    {
        foreach (var name in (string[])[reader, login])
        {
            if (name.Length == 0 || name.Length > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Role names here are lower-case letters, digits and underscores (up to 63); got '{name}'.");
            }
        }

        return EmbeddedFiles.Get("Safety/Guard/Sql/restricted_role.sql").Replace("__READER__", reader, StringComparison.Ordinal).Replace("__LOGIN__", login, StringComparison.Ordinal);
    }
}
