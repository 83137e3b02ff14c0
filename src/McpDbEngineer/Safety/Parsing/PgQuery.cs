using System.Runtime.InteropServices;
using System.Text.Json;

namespace McpDbEngineer.Safety.Parsing;

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
/// PostgreSQL's raw parser through libpg_query: every native result is copied into managed memory and freed
/// before returning, whatever happens in between.
/// </summary>
internal static unsafe class PgQuery
{
    // Left-deep expressions ("1 + 1 + …") nest as deep as they are long; the tree is walked without recursion.
    private static readonly JsonDocumentOptions TreeOptions = new() { MaxDepth = int.MaxValue };

    public static ParsedScript Parse(string sql)
    {
        if (NulError(sql) is { } nul)
        {
            return new ParsedScript(null, nul);
        }

        PgQueryLibrary.EnsureLoaded();
        var script = new Utf8Script(sql);
        PgQueryNative.ParseResult result;
        fixed (byte* input = script.Bytes)
        {
            result = PgQueryNative.Parse(input);
        }

        try
        {
            if (result.Error != null)
            {
                return new ParsedScript(null, SyntaxError(result.Error, script));
            }

            var json = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result.ParseTree).ToArray();
            return new ParsedScript(JsonDocument.Parse(json, TreeOptions), null);
        }
        finally
        {
            PgQueryNative.FreeParseResult(result);
        }
    }

    public static SplitScript Split(string sql)
    {
        if (NulError(sql) is { } nul)
        {
            return new SplitScript([], nul);
        }

        PgQueryLibrary.EnsureLoaded();
        var script = new Utf8Script(sql);
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

    // A C string ends at the first NUL: the parser would never see what follows it.
    private static SqlSyntaxError? NulError(string sql) =>
        sql.IndexOf('\0') is var at and >= 0
            ? new SqlSyntaxError("the SQL contains a NUL character (\\0), which PostgreSQL does not accept; remove it", at)
            : null;

    private static SqlSyntaxError SyntaxError(PgQueryNative.Error* error, Utf8Script script)
    {
        var message = error->Message == null ? "syntax error" : Marshal.PtrToStringUTF8((IntPtr)error->Message) ?? "syntax error";
        var position = error->CursorPosition > 0 ? script.CharOffsetOfCodePoint(error->CursorPosition - 1) : 0;
        return new SqlSyntaxError(message, position);
    }
}
