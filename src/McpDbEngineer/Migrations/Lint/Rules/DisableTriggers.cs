namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class DisableTriggers() : LintRule(new(
    "disable-triggers", "SHARE ROW EXCLUSIVE", Rewrites: false,
    "every write while they are off skips them — audit rows, derived columns, and with ALL the foreign key checks — for every session, not just the migration's",
    "leave triggers on and backfill in batches; if one must be skipped, SET session_replication_role = replica in the backfill's session only",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var (subtype, _) in statement.AlterCommands())
        {
            if (subtype is "AT_DisableTrig" or "AT_DisableTrigAll" or "AT_DisableTrigUser")
            {
                yield return new($"DISABLE TRIGGER{(subtype == "AT_DisableTrigAll" ? " ALL (foreign key checks too)" : "")} on {statement.AlteredTable}", statement.AlteredTable);
            }
        }
    }
}
