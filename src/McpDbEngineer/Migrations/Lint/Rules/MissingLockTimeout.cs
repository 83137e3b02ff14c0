using McpDbEngineer.Sql;
using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class MissingLockTimeout() : LintRule(new(
    "missing-lock-timeout", "the statement's own", Rewrites: false,
    "a lock request waits behind any long query on the table, and every query after it queues behind the waiting request: even a brief lock becomes an outage",
    "SET lock_timeout = '2s' (and statement_timeout) at the top of the migration, and retry it when it times out",
    LintSeverity.Warning))
{
    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        if (!statement.State.LockTimeoutSet && !statement.State.LockTakenBefore && TakesLock(statement) is { } table)
        {
            yield return new($"first lock on {table} with no lock_timeout set before", table);
        }
    }

    /// <summary>The relation a statement locks beyond plain reads and row writes (ALTER, DROP, TRUNCATE, index builds, …), or null.</summary>
    public static SqlName? TakesLock(LintStatement statement)
    {
        var body = statement.Body;
        switch (statement.Type)
        {
            case "AlterTableStmt" or "RenameStmt" or "ClusterStmt" or "RefreshMatViewStmt" or "CreateTrigStmt" or "ReindexStmt":
                return LintStatement.Table(ParseTree.Field(body, "relation"));
            case "IndexStmt" when !statement.Concurrent:
                return LintStatement.Table(ParseTree.Field(body, "relation"));
            case "TruncateStmt":
                return ParseTree.Items(body, "relations").Select(r => ParseTree.TryNode(r, out _, out var rangeVar) ? LintStatement.Table(rangeVar) : null).FirstOrDefault();
            case "VacuumStmt" when statement.Option("full"):
                return ParseTree.Items(body, "rels").Select(r => ParseTree.TryNode(r, out _, out var rel) ? LintStatement.Table(ParseTree.Field(rel, "relation")) : null).FirstOrDefault();
            case "DropStmt" when !statement.Concurrent && ParseTree.Text(body, "removeType") is "OBJECT_TABLE" or "OBJECT_INDEX" or "OBJECT_MATVIEW" or "OBJECT_VIEW":
                return ParseTree.Items(body, "objects").Select(o => ParseTree.ObjectName(o)).Where(n => n.Count > 0)
                    .Select(n => new SqlName(n.Count > 1 ? n[^2] : null, n[^1])).FirstOrDefault();
            default:
                return null;
        }
    }
}
