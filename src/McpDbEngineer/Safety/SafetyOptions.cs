namespace McpDbEngineer.Safety;

/// <summary>Where the audit trail of executed statements goes.</summary>
public enum AuditTarget
{
    /// <summary>The table in read-write mode, the file in read-only mode (we do not write to a database we were told to only read).</summary>
    Auto,
    Table,
    File,
}

/// <summary>What agents may do through this server.</summary>
public sealed class SafetyOptions
{
    public const string Section = "Safety";

    /// <summary>read-only (default) or read-write; destructive statements need a human's approval in every mode.</summary>
    public string Access { get; set; } = "read-only";

    public AuditTarget Audit { get; set; } = AuditTarget.Auto;

    /// <summary>The JSON-lines audit file; empty means the per-user state folder.</summary>
    public string? AuditFile { get; set; }

    /// <summary>
    /// Functions ("schema.name") a DBA vouches for although the guard cannot read their code (PL/pgSQL helpers): they may
    /// run in read-only mode, and without a human's approval in read-write mode. Comma separated (--trusted-functions).
    /// </summary>
    public string TrustedFunctions { get; set; } = "";

    public IEnumerable<string> TrustedFunctionNames => TrustedFunctions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// In read-only mode agent statements run as this role when it exists and the connecting role may switch to it
    /// (SET LOCAL ROLE): one that may read every table and statistic and do nothing else. Empty: never switch.
    /// </summary>
    public string RestrictedRole { get; set; } = DefaultRestrictedRole;

    public const string DefaultRestrictedRole = "mcp_db_engineer_reader";

    /// <summary>
    /// Seconds a human has to answer an approval question. The call's transaction stays open meanwhile and holds its
    /// locks (other sessions writing the same rows wait), so the wait is bounded; without an answer it is rolled back.
    /// </summary>
    public int ApprovalTimeoutSeconds { get; set; } = 120;

    /// <summary>Read-write mode: deleting more than this share of a table's rows needs a human's yes (with at least <see cref="MinimumRowsForShare"/> rows).</summary>
    public double DeletedRowsShare { get; set; } = 0.10;

    /// <summary>Read-write mode: deleting this many rows of one table needs a human's yes, whatever the table's size.</summary>
    public long DeletedRowsCount { get; set; } = 1000;

    /// <summary>Read-write mode: updating this share of a table's rows or more (upsert overwrites included) needs a human's yes.</summary>
    public double UpdatedRowsShare { get; set; } = 0.5;

    /// <summary>
    /// The share rules apply from this many rows changed in one table: one row by key is ordinary work even in a
    /// four-row lookup table, but deleting three of its four rows asks.
    /// </summary>
    public long MinimumRowsForShare { get; set; } = 2;

    public bool IsReadWrite => Access.Equals("read-write", StringComparison.OrdinalIgnoreCase);
}
