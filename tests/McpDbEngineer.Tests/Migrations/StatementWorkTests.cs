using McpDbEngineer.Migrations.Rehearsal;

namespace McpDbEngineer.Tests.Migrations;

public sealed class StatementWorkTests
{
    private static RelationFact Table(long oid, string name, string file) => new("relation", oid, oid, name, "r", file);

    [Fact]
    public void Between_NewDataFileOfAnExistingTable_IsARewrite()
    {
        var work = StatementWork.Between([Table(1, "public.t", "100")], [Table(1, "public.t", "200")]);

        Assert.Equal(["public.t"], work.Rewritten);
    }

    [Fact]
    public void Between_NewIndexOnAnExistingTable_IsAnIndexBuild_ButATableCreatedByTheStatementIsNot()
    {
        var work = StatementWork.Between(
            [Table(1, "public.t", "100")],
            [Table(1, "public.t", "100"), new("relation", 5, 1, "public.t_a_idx", "i", "500"), Table(2, "public.new", "300"), new("relation", 6, 2, "public.new_pkey", "i", "600")]);

        Assert.Equal(["public.t"], work.Indexed);
        Assert.Empty(work.Rewritten);
    }

    [Fact]
    public void Between_ConstraintValidatedAndColumnMadeNotNull_AreScans_UnlessTheTableWasRewritten()
    {
        IReadOnlyList<RelationFact> before = [Table(1, "public.t", "100"), Table(2, "public.u", "200"), new("constraint", 7, 1, "t_a_check", "c", "false"), new("column", 2, 2, "b", "", "false")];

        var validated = StatementWork.Between(before, [Table(1, "public.t", "100"), Table(2, "public.u", "200"), new("constraint", 7, 1, "t_a_check", "c", "true"), new("column", 2, 2, "b", "", "true")]);
        var rewritten = StatementWork.Between(before, [Table(1, "public.t", "101"), Table(2, "public.u", "200"), new("constraint", 8, 1, "t_a_check", "c", "true")]);

        Assert.Equal(["public.t", "public.u"], validated.Scanned);
        Assert.Empty(rewritten.Scanned);
    }

    [Fact]
    public void LockEstimate_RewriteOfA1GBTable_TakesTensOfSeconds()
    {
        var run = new StatementRun(
            new MigrationStatement(1, "ALTER TABLE t ALTER a TYPE bigint", 1, 1, "ALTER TABLE", McpDbEngineer.Sql.StatementClass.Ddl),
            TimeSpan.FromMilliseconds(3), null, 0, 0, false, null, [new LockTaken("public.t", "AccessExclusiveLock")], new StatementWork(["public.t"], [], []));

        var seconds = LockEstimate.Seconds(run, "public.t", new Dictionary<string, TargetSize> { ["public.t"] = new("public.t", 800_000_000, 1_000_000_000, 10_000_000) });

        Assert.Equal(0.003 + 1e9 / LockEstimate.RewriteBytesPerSecond, seconds!.Value, 3);
        Assert.Null(LockEstimate.Seconds(run, "public.other", new Dictionary<string, TargetSize>()));
    }
}
