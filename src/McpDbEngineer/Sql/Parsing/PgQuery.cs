using System.Runtime.InteropServices;
using System.Text.Json;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>Where one statement sits in a script, in UTF-16 chars.</summary>
internal readonly record struct StatementSpan(int Start, int Length);

/// <summary>The statements of a script as the parser delimits them, or the syntax error that stopped it.</summary>
internal sealed record SplitScript(IReadOnlyList<StatementSpan> Statements, SqlSyntaxError? Error);

/// <summary>The parse tree of a script (libpg_query's JSON), or the syntax error that stopped the parser.</summary>
internal sealed class ParsedScript(JsonDocument? tree, SqlSyntaxError? error) : IDisposable
{
    public JsonDocument? Tree { get; } = tree;

    public SqlSyntaxError? Error { get; } = error;

    public void Dispose() => Tree?.Dispose();
}

/// <summary>
/// PostgreSQL's raw parser through libpg_query. Native calls run on the <see cref="ParserThread"/>; every native
/// result is copied into managed memory and freed there before returning, whatever happens in between.
/// </summary>
internal static unsafe class PgQuery
{
    /// <summary>The longest script the guard reads (characters); see <see cref="ParserThread"/> for why there is a limit.</summary>
    public const int MaxLength = 1_000_000;

    // Left-deep expressions ("1+1+…") nest as deep as they are long. The tree is walked without recursion, but
    // JsonDocument slows down sharply on very deep documents, and no real statement comes near this depth.
    private const int MaxTreeDepth = 10_000;

    private static readonly JsonDocumentOptions TreeOptions = new() { MaxDepth = MaxTreeDepth };

    public static ParsedScript Parse(string sql)
    {
        if (Unreadable(sql) is { } refusal)
        {
            return new ParsedScript(null, refusal);
        }

        var script = new Utf8Script(sql);
        var (json, error) = ParserThread.Run(() => NativeParse(script));
        if (error is not null)
        {
            return new ParsedScript(null, error);
        }

        try
        {
            return new ParsedScript(JsonDocument.Parse(json, TreeOptions), null);
        }
        catch (JsonException)
        {
            return new ParsedScript(null, new SqlSyntaxError(
                $"the statement nests deeper than the guard reads (its parse tree is over {MaxTreeDepth:N0} levels deep: thousands of chained operators or nested subqueries); simplify it", 0));
        }
    }

    public static SplitScript Split(string sql)
    {
        if (Unreadable(sql) is { } refusal)
        {
            return new SplitScript([], refusal);
        }

        var script = new Utf8Script(sql);
        return ParserThread.Run(() => NativeSplit(script));
    }

    private static (byte[] Json, SqlSyntaxError? Error) NativeParse(Utf8Script script)
    {
        PgQueryLibrary.EnsureLoaded();
        PgQueryNative.ParseResult result;
        fixed (byte* input = script.Bytes)
        {
            result = PgQueryNative.Parse(input);
        }

        try
        {
            return result.Error != null
                ? ([], SyntaxError(result.Error, script))
                : (MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result.ParseTree).ToArray(), null);
        }
        finally
        {
            PgQueryNative.FreeParseResult(result);
        }
    }

    private static SplitScript NativeSplit(Utf8Script script)
    {
        PgQueryLibrary.EnsureLoaded();
        PgQueryNative.SplitResult result;
        fixed (byte* input = script.Bytes)
        {
            result = PgQueryNative.SplitWithParser(input);
        }

        try
        {
            if (result.Error != null)
            {
                return new SplitScript([], SyntaxError(result.Error, script));
            }

            var statements = new StatementSpan[result.StatementCount];
            for (var i = 0; i < statements.Length; i++)
            {
                var native = result.Statements[i];
                var startByte = native->Location;
                var endByte = native->Length == 0 ? script.ByteLength : startByte + native->Length;
                var start = script.CharOffsetOfByte(startByte);
                statements[i] = new StatementSpan(start, script.CharOffsetOfByte(endByte) - start);
            }

            return new SplitScript(statements, null);
        }
        finally
        {
            PgQueryNative.FreeSplitResult(result);
        }
    }

    private static SqlSyntaxError? Unreadable(string sql)
    {
        if (sql.Length > MaxLength)
        {
            return new SqlSyntaxError($"the SQL is {sql.Length:N0} characters long, more than the {MaxLength:N0} the guard reads; send it in smaller scripts", MaxLength);
        }

        // A C string ends at the first NUL: the parser would never see what follows it.
        return sql.IndexOf('\0') is var at and >= 0
            ? new SqlSyntaxError("the SQL contains a NUL character (\\0), which PostgreSQL does not accept; remove it", at)
            : null;
    }

    private static SqlSyntaxError SyntaxError(PgQueryNative.Error* error, Utf8Script script)
    {
        var message = error->Message == null ? null : Marshal.PtrToStringUTF8((IntPtr)error->Message);
        var position = error->CursorPosition > 0 ? script.CharOffsetOfCodePoint(error->CursorPosition - 1) : 0;
        return new SqlSyntaxError(message ?? "syntax error", position);
    }
}
