using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Migrations.Lint.Rules;

internal sealed class VolatileDefault() : LintRule(new(
    "volatile-default", "ACCESS EXCLUSIVE", Rewrites: true,
    "a default that differs per row (random(), gen_random_uuid(), clock_timestamp(), a sequence) is written into every existing row: the table is rewritten while no query can use it (a constant or now() is stored once, since PostgreSQL 11)",
    "add the column without the default (or with a constant one), backfill in batches, then SET DEFAULT for new rows",
    LintSeverity.Error, SizeAware: true))
{
    // Built-in volatile functions seen in defaults; now(), CURRENT_TIMESTAMP and constants are evaluated once per statement.
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval",
        "txid_current", "pg_current_xact_id", "random_normal",
    };

    private static readonly HashSet<string> SerialTypes = new(StringComparer.Ordinal)
    {
        "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8",
    };

    public override IEnumerable<RuleHit> Check(LintStatement statement)
    {
        foreach (var column in statement.Columns().Where(c => c.AddedToExistingTable))
        {
            var defaults = column.Constraints("CONSTR_DEFAULT").ToList();
            var volatileCall = defaults.SelectMany(d => TreeScan.Of(d).Functions).FirstOrDefault(f => Volatile.Contains(f.Name));
            var why = volatileCall is not null ? $"default {volatileCall.Name}()"
                : SerialTypes.Contains(column.TypeName) ? $"type {column.TypeName} (a sequence default)"
                : column.Constraints("CONSTR_IDENTITY").Any() ? "an identity column"
                : defaults.Count > 0 && statement.State.PostgresMajor < 11 ? "a default (before PostgreSQL 11 every default is written into each row)"
                : null;
            if (why is not null)
            {
                yield return new($"ADD COLUMN {column.Name} to {column.Table} with {why}", column.Table, column.ByteOffset);
            }
        }
    }
}
