using McpDbEngineer.Catalog;

namespace McpDbEngineer.Tests.Catalog;

public sealed class ForeignKeyCoverageTests
{
    [Theory]
    [InlineData("2", "2", true)]
    [InlineData("2", "2 3", true)]
    [InlineData("2 3", "3 2", true)]
    [InlineData("2 3", "3 2 4", true)]
    [InlineData("2 3", "2", false)]
    [InlineData("2", "3 2", false)]
    [InlineData("2 3", "2 4 3", false)]
    [InlineData("2", "0", false)]
    public void IsCovered_WhenAnIndexStartsWithExactlyTheKeyColumns(string key, string index, bool covered)
    {
        Assert.Equal(covered, ForeignKeyCoverage.IsCovered(Attnums(key), [Attnums("5"), Attnums(index)]));
    }

    [Fact]
    public void IsCovered_IsFalseWithoutIndexes()
    {
        Assert.False(ForeignKeyCoverage.IsCovered(Attnums("1"), []));
    }

    private static short[] Attnums(string spaced) => [.. spaced.Split(' ').Select(short.Parse)];
}
