namespace McpDbEngineer.Safety.Effects;

/// <summary>What kind of change a catalog difference is: the policy decides by kind, the human reads the text.</summary>
public enum CatalogChangeKind
{
    /// <summary>A new table, index, column, view, function, sequence, schema… : ordinary work.</summary>
    Created,

    /// <summary>A change that neither destroys nor hides anything (a column's default, a table's storage option).</summary>
    Altered,

    Dropped,
    Renamed,
    Moved,
    Detached,
    Replaced,
    MadeUnlogged,
    TriggersDisabled,
    Privileges,
    Ownership,
    Role,
    RowSecurity,
    Setting,
    SequenceBackwards,
    SecurityDefiner,

    /// <summary>Code PostgreSQL runs later, on events (triggers, rules, event triggers), where the guard does not see it.</summary>
    CodeThatRunsLater,
}

/// <summary>One readable difference between two catalog snapshots ("renamed public.orders to public.orders_old").</summary>
public sealed record CatalogChange(CatalogChangeKind Kind, string Text)
{
    public override string ToString() => Text;
}
