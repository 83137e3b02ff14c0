using McpDbEngineer.Catalog;
using McpDbEngineer.Safety;
using McpDbEngineer.Safety.Effects;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Tests.Safety.Effects;

/// <summary>The policy over a measured effect, without a database: which effects need a human, and how they read.</summary>
public sealed class EffectPolicyTests
{
    private static readonly EffectLimits Defaults = EffectLimits.From(new SafetyOptions());

    private static EffectVerdict Rows(long inserted, long updated, long deleted, long? rowsBefore, bool counted = true) =>
        EffectPolicy.Evaluate(new MeasuredEffect([new TableChange("public.orders", inserted, updated, deleted, rowsBefore, counted)], null, 0), Defaults);

    [Theory]
    [InlineData(0, 0, 1, 10_000L)] // one row by key
    [InlineData(0, 0, 1, 4L)] // one row of a lookup table
    [InlineData(0, 0, 1, 1L)] // the only row: a single row is never a share
    [InlineData(0, 0, 999, 10_000L)] // under both rules
    [InlineData(0, 4_999, 0, 10_000L)] // just under half updated
    [InlineData(5_000, 0, 0, null)] // inserts never need a yes
    [InlineData(5, 0, 5, 0L)] // rows inserted and deleted in the same call: nothing older destroyed
    public void EffectsWithinPolicy_NeedNoHuman(long inserted, long updated, long deleted, long? rowsBefore, bool counted = true)
    {
        var verdict = Rows(inserted, updated, deleted, rowsBefore, counted);

        Assert.Empty(verdict.NeedsApproval);
        Assert.NotEmpty(verdict.Report);
    }

    [Theory]
    [InlineData(0, 0, 3, 4L, "deleted 3 of 4 rows of public.orders (more than 10% of the table)")]
    [InlineData(0, 0, 2, 15L, "deleted 2 of 15 rows of public.orders (more than 10% of the table)")]
    [InlineData(0, 0, 9_000, 10_000L, "deleted 9,000 of 10,000 rows of public.orders (1,000 or more rows deleted)")]
    [InlineData(0, 0, 1_000, 1_000_000L, "deleted 1,000 of 1,000,000 rows of public.orders (1,000 or more rows deleted)")]
    [InlineData(0, 5_000, 0, 10_000L, "updated 5,000 of 10,000 rows of public.orders (50% or more of the table)")]
    [InlineData(0, 0, 5, null, "deleted 5 rows of public.orders (the table's size is unknown)")]
    [InlineData(100_000, 0, 20, 20L, "deleted 20 of 20 rows of public.orders (more than 10% of the table)")] // new junk rows do not dilute the share
    public void EffectsBeyondPolicy_NeedAHumanAndSayWhy(long inserted, long updated, long deleted, long? rowsBefore, string reason)
    {
        var verdict = Rows(inserted, updated, deleted, rowsBefore);

        Assert.Equal([reason], verdict.NeedsApproval);
        Assert.Equal("public.orders", verdict.FirstTable);
    }

    [Fact]
    public void AnEstimatedSize_IsSaidToBeAnEstimate()
    {
        var verdict = Rows(0, 0, 5_000, 10_000, counted: false);

        Assert.Equal("deleted 5,000 of about 10,000 rows of public.orders", verdict.Report.Single());
    }

    [Fact]
    public void TheThresholdsAreConfiguration()
    {
        var strict = new EffectLimits(DeletedShare: 0.01, DeletedCount: 10, UpdatedShare: 0.2, MinimumRowsForShare: 1);
        var effect = new MeasuredEffect([new TableChange("public.t", 0, 30, 2, 100, true)], null, 0);

        Assert.Equal(2, EffectPolicy.Evaluate(effect, strict).NeedsApproval.Count);
        Assert.Empty(EffectPolicy.Evaluate(effect, Defaults).NeedsApproval);
    }

    [Theory]
    [InlineData(CatalogChangeKind.Created, false)]
    [InlineData(CatalogChangeKind.Altered, false)]
    [InlineData(CatalogChangeKind.Dropped, true)]
    [InlineData(CatalogChangeKind.Renamed, true)]
    [InlineData(CatalogChangeKind.Moved, true)]
    [InlineData(CatalogChangeKind.Detached, true)]
    [InlineData(CatalogChangeKind.Replaced, true)]
    [InlineData(CatalogChangeKind.MadeUnlogged, true)]
    [InlineData(CatalogChangeKind.TriggersDisabled, true)]
    [InlineData(CatalogChangeKind.Privileges, true)]
    [InlineData(CatalogChangeKind.Ownership, true)]
    [InlineData(CatalogChangeKind.Role, true)]
    [InlineData(CatalogChangeKind.RowSecurity, true)]
    [InlineData(CatalogChangeKind.Setting, true)]
    [InlineData(CatalogChangeKind.SequenceBackwards, true)]
    [InlineData(CatalogChangeKind.SecurityDefiner, true)]
    [InlineData(CatalogChangeKind.CodeThatRunsLater, true)]
    public void CatalogChanges_NeedAHumanUnlessTheyAreOrdinaryWork(CatalogChangeKind kind, bool needsHuman)
    {
        var verdict = EffectPolicy.Evaluate(new MeasuredEffect([], [new CatalogChange(kind, "something")], 0), Defaults);

        Assert.Equal(needsHuman, verdict.NeedsApproval.Count == 1);
        Assert.Equal(["something"], verdict.Report);
    }

    [Fact]
    public void CatalogWritesNobodyExpected_NeedAHuman()
    {
        var unexpected = EffectPolicy.Evaluate(new MeasuredEffect([], null, 12), Defaults);
        var snapshotted = EffectPolicy.Evaluate(new MeasuredEffect([], [], 12), Defaults);

        Assert.Contains("changed the system catalogs (12 catalog rows written)", Assert.Single(unexpected.NeedsApproval));
        Assert.Empty(snapshotted.NeedsApproval);
    }
}

/// <summary>Catalog snapshots compared into what a human reads, without a database.</summary>
public sealed class CatalogDiffTests
{
    private static CatalogObject Table(string key, string schema, string name, params string[] facts) =>
        CatalogObject.FromRow("relation", key, $"{schema}.{name}", ["kind=r", $"schema={schema}", $"name={name}", "persistence=p", "rls=false", "acl=", "owner=alice", .. facts]);

    private static IReadOnlyList<string> Diff(IReadOnlyList<CatalogObject> before, IReadOnlyList<CatalogObject> after) =>
        CatalogDiff.Compare(before, after).Select(c => c.Text).ToList();

    [Fact]
    public void ARenamedTable_IsOneRenameNotADropAndACreate()
    {
        var changes = CatalogDiff.Compare(
            [Table("1", "public", "orders")],
            [Table("1", "public", "orders_old"), Table("2", "public", "orders")]);

        Assert.Equal(
            [(CatalogChangeKind.Renamed, "renamed table public.orders to public.orders_old"), (CatalogChangeKind.Created, "created table public.orders")],
            changes.Select(c => (c.Kind, c.Text)));
    }

    [Fact]
    public void ADroppedTable_IsOneLineWithoutItsColumnsAndIndexes()
    {
        CatalogObject[] before =
        [
            Table("1", "public", "orders"),
            CatalogObject.FromRow("column", "1.1", "public.orders.id", ["name=id", "type=integer", "rel=1"]),
            CatalogObject.FromRow("relation", "2", "public.orders_pkey", ["kind=i", "schema=public", "name=orders_pkey", "rel=1"]),
            CatalogObject.FromRow("trigger", "3", "RI_ConstraintTrigger_a_1 on orders", ["enabled=O", "internal=true", "rel=1"]),
        ];

        Assert.Equal(["dropped table public.orders"], Diff(before, []));
    }

    [Theory]
    [InlineData("persistence=u", "made table public.orders unlogged (its rows are lost after a crash and not replicated)")]
    [InlineData("rls=true", "enabled row level security on public.orders")]
    [InlineData("owner=mallory", "changed the owner of table public.orders from alice to mallory")]
    [InlineData("schema=archive", "moved table public.orders to schema archive")]
    [InlineData("acl={alice=arwdDxtm/alice,=r/alice}", "granted SELECT on table public.orders to PUBLIC")]
    public void ATableChange_ReadsAsWhatHappened(string fact, string expected)
    {
        var after = Table("1", "public", "orders", fact);

        Assert.Equal([expected], Diff([Table("1", "public", "orders")], [after]));
    }

    [Fact]
    public void Columns_AreMatchedByNumber()
    {
        var before = Table("1", "public", "orders", "col:1=id", "col:2=note", "col:3=total", "columns=a");
        var after = Table("1", "public", "orders", "col:1=id", "col:2=remark", "col:4=added", "columns=b");

        Assert.Equal(
            [
                (CatalogChangeKind.Renamed, "renamed column note of table public.orders to remark"),
                (CatalogChangeKind.Created, "added column added to table public.orders"),
                (CatalogChangeKind.Dropped, "dropped column total of table public.orders"),
            ],
            CatalogDiff.Compare([before], [after]).Select(c => (c.Kind, c.Text)));
        Assert.Equal(
            [CatalogChangeKind.Altered],
            CatalogDiff.Compare([before], [Table("1", "public", "orders", "col:1=id", "col:2=note", "col:3=total", "columns=c")]).Select(c => c.Kind));
    }

    [Fact]
    public void ANewEmptyDataFile_IsAHiddenTruncateUnlessTheStatementsRewriteTablesThemselves()
    {
        var before = Table("1", "public", "orders", "storage=100 50 5000");
        var after = Table("1", "public", "orders", "storage=200 0 -1");

        Assert.Equal([CatalogChangeKind.Dropped], CatalogDiff.Compare([before], [after]).Select(c => c.Kind));
        Assert.Empty(CatalogDiff.Compare([before], [after], rewritesExpected: true));
        Assert.Empty(CatalogDiff.Compare([before], [Table("1", "public", "orders", "storage=100 60 6000")]));
    }

    [Fact]
    public void Privileges_ReadAsGrantsAndRevokes()
    {
        var changes = Acl.Changes("table public.t", "{alice=arwd/alice,bob=r/alice}", "{alice=arwd/alice,bob=rw*/alice}").Select(c => c.Text);

        Assert.Equal(["granted UPDATE WITH GRANT OPTION on table public.t to bob"], changes);
        Assert.Equal(["revoked SELECT on table public.t from bob"], Acl.Changes("table public.t", "{alice=r/alice,bob=r/alice}", "{alice=r/alice}").Select(c => c.Text));
    }

    [Fact]
    public void ASequence_MovedBackIsFlaggedAndMovedForwardIsNot()
    {
        static CatalogObject Sequence(string next, string increment = "1") =>
            CatalogObject.FromRow("sequence", "5", "public.s", [$"next={next}", $"increment={increment}"]);

        Assert.Equal([CatalogChangeKind.SequenceBackwards], CatalogDiff.Compare([Sequence("1001")], [Sequence("1")]).Select(c => c.Kind));
        Assert.Empty(CatalogDiff.Compare([Sequence("1001")], [Sequence("1050")]));
        Assert.Equal([CatalogChangeKind.SequenceBackwards], CatalogDiff.Compare([Sequence("-50", "-1")], [Sequence("-1", "-1")]).Select(c => c.Kind));
    }

    [Fact]
    public void RolesFunctionsTriggersAndSettings_ReadAsWhatHappened()
    {
        CatalogObject[] before =
        [
            CatalogObject.FromRow("role", "10", "app", ["name=app", "SUPERUSER=false", "LOGIN=true"]),
            CatalogObject.FromRow("trigger", "11", "audit on public.orders", ["name=audit", "enabled=O", "internal=false", "rel=1"]),
            CatalogObject.FromRow("setting", "1/0", "database shop", ["work_mem=4MB"]),
        ];
        CatalogObject[] after =
        [
            CatalogObject.FromRow("role", "10", "app", ["name=app", "SUPERUSER=true", "LOGIN=true"]),
            CatalogObject.FromRow("role", "12", "x", ["name=x", "SUPERUSER=true", "LOGIN=false", "INHERIT=true"]),
            CatalogObject.FromRow("trigger", "11", "audit on public.orders", ["name=audit", "enabled=D", "internal=false", "rel=1"]),
            CatalogObject.FromRow("setting", "1/0", "database shop", ["work_mem=1GB", "statement_timeout=0"]),
            CatalogObject.FromRow("function", "13", "public.f()", ["secdef=true", "owner=postgres"]),
        ];

        Assert.Equal(
            [
                "gave role app SUPERUSER",
                "created role x SUPERUSER",
                "disabled trigger audit on public.orders",
                "set work_mem = 1GB for database shop (was 4MB)",
                "set statement_timeout = 0 for database shop",
                "created SECURITY DEFINER function public.f() (it runs with the rights of its owner, postgres)",
            ],
            Diff(before, after));
    }
}

/// <summary>When the catalog snapshot is taken: only for statements that can change the catalog.</summary>
public sealed class CatalogSnapshotScopeTests
{
    [Theory]
    [InlineData("INSERT INTO orders (id) VALUES (1)", false, false)]
    [InlineData("UPDATE orders SET note = 'x' WHERE id = 1; DELETE FROM orders WHERE id = 2", false, false)]
    [InlineData("WITH d AS (DELETE FROM orders WHERE id = 1 RETURNING *) SELECT count(*) FROM d", false, false)]
    [InlineData("INSERT INTO orders (id) VALUES (lower('x')::int)", false, false)]
    [InlineData("INSERT INTO orders (id) SELECT my_function()", true, true)]
    [InlineData("CREATE TABLE t (id int)", false, true)]
    [InlineData("ALTER TABLE orders RENAME TO orders_old", false, true)]
    [InlineData("GRANT SELECT ON orders TO PUBLIC", false, true)]
    [InlineData("SELECT * INTO orders_copy FROM orders", false, true)]
    public void TheSnapshotIsTakenOnlyWhenTheStatementsCanChangeTheCatalog(string sql, bool callsUserFunctions, bool snapshot)
    {
        Assert.Equal(snapshot, EffectMeter.CanChangeCatalog(SqlClassifier.Classify(sql).Statements, callsUserFunctions));
    }
}
