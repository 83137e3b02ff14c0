using McpDbEngineer.Sql;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>How bad a finding is; the CLI fails (exit 1) on errors only. The names are SARIF's levels.</summary>
public enum LintSeverity
{
    Note,
    Warning,
    Error,
}

/// <summary>What a rule knows about the statements it flags, the same for every finding of it.</summary>
/// <param name="Id">The stable kebab-case id that disable comments and configuration name.</param>
/// <param name="Lock">The lock the statement takes, as PostgreSQL's documentation of lock levels names it ("none" for advice).</param>
/// <param name="Rewrites">Whether the statement rewrites the whole table (and its indexes) while it holds the lock.</param>
/// <param name="Why">Why it hurts on a big, busy table.</param>
/// <param name="SafeForm">What to write instead.</param>
/// <param name="Severity">The severity when the table's size is not known.</param>
/// <param name="SizeAware">Whether the cost grows with the table, so that live sizes grade it (a note on a small table, an error on a large one).</param>
public sealed record LintRuleInfo(string Id, string Lock, bool Rewrites, string Why, string SafeForm, LintSeverity Severity, bool SizeAware = false);

/// <summary>One rule: reads one statement (with what the file did before it) and says where it fires.</summary>
internal abstract class LintRule(LintRuleInfo info)
{
    public LintRuleInfo Info { get; } = info;

    public abstract IEnumerable<RuleHit> Check(LintStatement statement);
}

/// <summary>
/// One place a rule fires. <paramref name="Table"/> is the existing table it is about, read for its size; a hit on a
/// table the same file created is dropped, since a new table is empty and nobody waits for it.
/// <paramref name="ByteOffset"/> points into the script (UTF-8 bytes, as the parser reports), else the statement's start.
/// </summary>
internal sealed record RuleHit(string Message, SqlName? Table = null, int? ByteOffset = null);
