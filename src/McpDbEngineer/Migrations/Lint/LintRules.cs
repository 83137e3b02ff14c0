using McpDbEngineer.Migrations.Lint.Rules;

namespace McpDbEngineer.Migrations.Lint;

/// <summary>Every rule, in the order findings on one statement are listed.</summary>
internal static class LintRules
{
    public static IReadOnlyList<LintRule> All { get; } =
    [
        new AddExclusionConstraint(),
        new AddPrimaryKeyWithoutIndex(),
        new AddUniqueWithoutIndex(),
        new AlterDomainAddConstraint(),
        new Cascade(),
        new CharColumn(),
        new CheckWithoutNotValid(),
        new Cluster(),
        new ColumnTypeChange(),
        new ConcurrentlyInTransaction(),
        new DdlWithDataChange(),
        new DisableTriggers(),
        new DomainWithConstraint(),
        new DropColumn(),
        new DropDatabase(),
        new DropIndexWithoutConcurrently(),
        new DropNotNull(),
        new DropObject(),
        new DropTable(),
        new EnumValueInTransaction(),
        new ForeignKeyWithoutNotValid(),
        new IndexWithoutConcurrently(),
        new MissingLockTimeout(),
        new NotNullColumnWithoutDefault(),
        new PreferIdentity(),
        new PreferJsonb(),
        new PreferRobustStatements(),
        new PreferText(),
        new PreferTimestamptz(),
        new RefreshWithoutConcurrently(),
        new ReindexWithoutConcurrently(),
        new RenameColumn(),
        new RenameTable(),
        new SetNotNull(),
        new StoredGeneratedColumn(),
        new TransactionNesting(),
        new Truncate(),
        new UnboundedDataChange(),
        new UncommittedTransaction(),
        new VacuumFull(),
        new VolatileDefault(),
    ];

    public static IEnumerable<LintRuleInfo> Infos => All.Select(r => r.Info);
}
