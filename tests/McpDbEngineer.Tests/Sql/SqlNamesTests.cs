using McpDbEngineer.Sql.Parsing;

namespace McpDbEngineer.Tests.Sql;

/// <summary>What the guard reads out of SQL it follows: names to resolve, and whether there is anything to vet at all.</summary>
public sealed class SqlNamesTests
{
    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("select 'a', 2.5, true, NULL")]
    [InlineData("SELECT $1")]
    [InlineData("VALUES (1, 'x'), (2, 'y')")]
    [InlineData("SELECT true AND NOT false, NULL IS NULL")]
    public void OnlyConstants_HoldsForStatementsThatCanRunNoCode(string sql) =>
        Assert.True(SqlNames.Of(sql).OnlyConstants);

    [Theory]
    [InlineData("SELECT 1::mood")]
    [InlineData("SELECT 1 ### 2")]
    [InlineData("SELECT 1 = 1")]
    [InlineData("SELECT now()")]
    [InlineData("SELECT * FROM orders")]
    [InlineData("SELECT CASE WHEN true THEN 1 END")]
    [InlineData("SELECT ROW(1)")]
    [InlineData("SELECT (SELECT 1)")]
    [InlineData("SELECT 'a' COLLATE \"C\"")]
    [InlineData("SELECT ARRAY[1]")]
    [InlineData("SELECT GREATEST(1, 2)")]
    [InlineData("SELECT CURRENT_USER")]
    public void OnlyConstants_FailsForAnythingThatCouldCallCode(string sql) =>
        Assert.False(SqlNames.Of(sql).OnlyConstants);

    [Fact]
    public void Of_ReadsFunctionsOperatorsRelationsAndPlaceholders()
    {
        var names = SqlNames.Of("SELECT lower(x), public.f($2) FROM s.t JOIN u ON t.a OPERATOR(public.###) u.b WHERE a = $1");

        Assert.Equal(["lower", "public.f"], names.Functions.Select(f => f.ToString()));
        Assert.Contains("public.###", names.Operators.Select(o => o.ToString()));
        Assert.Contains("=", names.Operators.Select(o => o.ToString()));
        Assert.Equal(["s.t", "u"], names.Relations.Select(r => r.ToString()));
        Assert.Equal(2, names.ParameterCount);
    }
}
