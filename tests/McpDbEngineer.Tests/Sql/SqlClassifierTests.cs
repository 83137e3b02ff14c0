using McpDbEngineer.Safety;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Tests.Sql;

public sealed class SqlClassifierTests
{
    [Fact]
    public void Corpus_HasAtLeast150Statements()
    {
        Assert.True(ClassifierCorpus.Cases.Length >= 150, $"{ClassifierCorpus.Cases.Length} cases");
        Assert.True(ClassifierCorpus.Cases.Count(c => c.CleanRead) >= 80);
    }

    [Theory]
    [MemberData(nameof(ClassifierCorpus.All), MemberType = typeof(ClassifierCorpus))]
    public void Classify_FindsWhatEachStatementDoes(ClassifierCase expected)
    {
        var verdict = SqlClassifier.Classify(expected.Sql);

        Assert.Null(verdict.Error);
        var statement = Assert.Single(verdict.Statements);
        Assert.Equal(expected.Class, statement.Class);
        Assert.Equal(expected.Destructive, statement.Destructive);
        if (expected.CleanRead)
        {
            Assert.Empty(statement.Reasons);
            Assert.Empty(statement.DeniedFunctions);
            Assert.Empty(statement.DestroyedObjects);
        }
        else if (expected.Class != StatementClass.Read)
        {
            Assert.NotEmpty(statement.Reasons);
        }

        if (expected.Command is not null)
        {
            Assert.Equal(expected.Command, statement.Command);
        }

        if (expected.Denied is not null)
        {
            Assert.Contains(expected.Denied, statement.DeniedFunctions.Select(f => f.ToString()));
        }

        if (expected.Unchecked is not null)
        {
            Assert.Contains(expected.Unchecked, statement.UncheckedFunctions.Select(f => f.ToString()));
            Assert.Empty(statement.DeniedFunctions);
        }

        if (expected.Destroyed is not null)
        {
            Assert.Contains(expected.Destroyed, statement.DestroyedObjects);
        }

        if (expected.Reason is not null)
        {
            Assert.Contains(statement.Reasons, reason => reason.Contains(expected.Reason, StringComparison.Ordinal));
        }
    }
}
