namespace McpDbEngineer.Safety.Hook;

/// <summary>Everything the hook found in one tool call, sorted by what it makes the hook answer.</summary>
internal sealed class HookFindings
{
    /// <summary>Destructive SQL or operations: the call is denied.</summary>
    public List<string> Destructive { get; } = [];

    /// <summary>Destruction inside a down migration, whose job is to undo: the user is asked.</summary>
    public List<string> InDownMigration { get; } = [];

    /// <summary>Rows changed by a DELETE/UPDATE … WHERE the hook cannot count: the user is asked.</summary>
    public List<string> RowChanges { get; } = [];

    /// <summary>What the hook cannot see or tell (a variable, an unknown file, dynamic SQL): the user is asked.</summary>
    public List<string> Unclear { get; } = [];

    /// <summary>Removes what <paramref name="before"/> already found, once per finding (an edit is judged by what it adds).</summary>
    public void Without(HookFindings before)
    {
        Subtract(Destructive, before.Destructive);
        Subtract(InDownMigration, before.InDownMigration);
        Subtract(RowChanges, before.RowChanges);
        Subtract(Unclear, before.Unclear);
    }

    /// <summary>Adds what <paramref name="other"/> found (the reason lists each finding once).</summary>
    public void Add(HookFindings other)
    {
        Destructive.AddRange(other.Destructive);
        InDownMigration.AddRange(other.InDownMigration);
        RowChanges.AddRange(other.RowChanges);
        Unclear.AddRange(other.Unclear);
    }

    private static void Subtract(List<string> after, List<string> before)
    {
        foreach (var finding in before)
        {
            after.Remove(finding);
        }
    }

    public void Destroys(SqlSource source, string what) => (source.Down ? InDownMigration : Destructive).Add($"{source.Origin}: {what}");

    public void CannotTell(SqlSource source, string why)
    {
        if (!source.OnlyDestruction)
        {
            Unclear.Add($"{source.Origin}: {why}");
        }
    }

    public void ChangesRows(SqlSource source, string what)
    {
        if (!source.OnlyDestruction)
        {
            RowChanges.Add($"{source.Origin}: {what}");
        }
    }
}
