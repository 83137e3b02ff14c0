using System.Runtime.InteropServices;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// The part of libpg_query (PostgreSQL's own parser as a library) the guard uses. Layouts follow pg_query.h.
/// </summary>
internal static unsafe partial class PgQueryNative
{
    public const string Library = "pg_query";

    [StructLayout(LayoutKind.Sequential)]
    public struct Error
    {
        public byte* Message;
        public byte* FunctionName;
        public byte* FileName;
        public int LineNumber;

        /// <summary>1-based position in characters (code points) of the input; 0 when unknown.</summary>
        public int CursorPosition;
        public byte* Context;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ParseResult
    {
        public byte* ParseTree;
        public byte* StderrBuffer;
        public Error* Error;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SplitStatement
    {
        /// <summary>Byte offset in the UTF-8 input.</summary>
        public int Location;

        /// <summary>Length in bytes; 0 means "to the end of the input".</summary>
        public int Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SplitResult
    {
        public SplitStatement** Statements;
        public int StatementCount;
        public byte* StderrBuffer;
        public Error* Error;
    }

    [LibraryImport(Library, EntryPoint = "pg_query_parse")]
    public static partial ParseResult Parse(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_parse_result")]
    public static partial void FreeParseResult(ParseResult result);

    [LibraryImport(Library, EntryPoint = "pg_query_split_with_parser")]
    public static partial SplitResult SplitWithParser(byte* input);

    [LibraryImport(Library, EntryPoint = "pg_query_free_split_result")]
    public static partial void FreeSplitResult(SplitResult result);
}
