namespace McpDbEngineer.Safety.Hook;

/// <summary>What a piece of text a tool call runs or writes is, and so how the hook reads it.</summary>
internal enum SourceKind
{
    /// <summary>SQL, possibly with psql's backslash commands (a psql argument or input, a .sql file).</summary>
    Sql,

    /// <summary>Program text (a Python or Node one-liner, a migration in Python, Ruby, JavaScript, XML or YAML).</summary>
    Code,

    /// <summary>Nothing to read: the tool call is known to destroy something (<c>dropdb</c>, <c>pg_restore --clean</c>).</summary>
    Destroys,

    /// <summary>Nothing to read: the hook cannot see what will run, and <see cref="SqlSource.Text"/> says why.</summary>
    Unknown,
}

/// <summary>
/// A piece of SQL or code a tool call would run or write, and where it came from ("psql -c", "Write of
/// migrations/001.sql"). For <see cref="SourceKind.Destroys"/> and <see cref="SourceKind.Unknown"/> the text is
/// the reason itself.
/// </summary>
/// <param name="Fragment">Part of a file (an Edit's new text) or SQL inside other code: a parse error there is not suspicious.</param>
/// <param name="Runs">The SQL runs now against a database (psql, a client one-liner), as opposed to being written to a file.</param>
/// <param name="Down">It sits in a down migration, whose job is to undo: destruction there is asked about, not blocked.</param>
/// <param name="Language">For code: the file extension or language that decides how its strings are quoted ("py", "rb", "js").</param>
/// <param name="Variables">psql variables already set (<c>psql -v name=value</c>).</param>
/// <param name="OnlyDestruction">
/// A program already on disk that a command runs (<c>node server.js</c>, <c>bash scripts/build.sh</c>): its destructive SQL
/// is denied, but what it leaves unclear is not asked about — an application's code is full of <c>UPDATE … WHERE</c> and
/// <c>query(sql)</c>, and asking before every start of a server would teach the user to approve blindly.
/// </param>
internal sealed record SqlSource(
    string Origin,
    string Text,
    SourceKind Kind = SourceKind.Sql,
    bool Fragment = false,
    bool Runs = false,
    bool Down = false,
    string Language = "",
    IReadOnlyDictionary<string, string>? Variables = null,
    bool OnlyDestruction = false)
{
    public static SqlSource Unreadable(string origin, string why) => new(origin, why, SourceKind.Unknown);

    public static SqlSource Destructive(string origin, string what) => new(origin, what, SourceKind.Destroys);

    public static SqlSource Program(string origin, string code, string language, bool runs) => new(origin, code, SourceKind.Code, Fragment: true, Runs: runs, Language: language);
}
