namespace McpDbEngineer.Catalog;

/// <summary>
/// Name filters as agents write them: a case-insensitive glob (<c>order*</c>, <c>*_log</c>, <c>v?_*</c>), or plain text
/// that matches names containing it. Turned into an ILIKE pattern with LIKE's own wildcards escaped, so an underscore
/// in a table name means an underscore.
/// </summary>
public static class NamePattern
{
    public static string ToILike(string glob)
    {
        var like = new System.Text.StringBuilder(glob.Length + 2);
        var hasWildcard = false;
        foreach (var c in glob.Trim())
        {
            switch (c)
            {
                case '*': like.Append('%'); hasWildcard = true; break;
                case '?': like.Append('_'); hasWildcard = true; break;
                case '%' or '_' or '\\': like.Append('\\').Append(c); break;
                default: like.Append(c); break;
            }
        }

        return hasWildcard ? like.ToString() : $"%{like}%";
    }
}
