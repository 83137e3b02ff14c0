using System.Globalization;
using System.Text;

namespace McpDbEngineer.Schema;

/// <summary>
/// Where a page of list_objects ended: the sort key of its last object. Opaque to agents (base64url); resuming after
/// a key rather than at an offset means objects created or dropped between calls neither repeat nor go missing.
/// </summary>
/// <param name="SortKey">0 in name order; minus the object's bytes in size order (so ascending is largest first).</param>
/// <param name="BySize">Whether the page was sorted by size: a cursor resumes only the order it came from.</param>
public sealed record ObjectCursor(string Schema, string Name, int Rank, uint Oid, long SortKey = 0, bool BySize = false)
{
    private const char Separator = '\0'; // cannot occur in a PostgreSQL identifier

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(
            Separator, "2", Schema, Name, Rank.ToString(CultureInfo.InvariantCulture), Oid.ToString(CultureInfo.InvariantCulture),
            SortKey.ToString(CultureInfo.InvariantCulture), BySize ? "size" : "name")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ObjectCursor Decode(string cursor)
    {
        string[] parts;
        try
        {
            var base64 = cursor.Trim().Replace('-', '+').Replace('_', '/');
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='))).Split(Separator);
        }
        catch (FormatException e)
        {
            throw Invalid(e);
        }

        return parts is ["2", var schema, var name, var rank, var oid, var key, "size" or "name"]
               && int.TryParse(rank, NumberStyles.None, CultureInfo.InvariantCulture, out var rankValue)
               && uint.TryParse(oid, NumberStyles.None, CultureInfo.InvariantCulture, out var oidValue)
               && long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var keyValue)
            ? new ObjectCursor(schema, name, rankValue, oidValue, keyValue, parts[6] == "size")
            : throw Invalid(null);
    }

    private static ToolException Invalid(Exception? inner) => new(
        "The cursor is not one list_objects gave. Pass the cursor from the end of the previous answer unchanged, or omit it to start from the first page.",
        inner);
}
