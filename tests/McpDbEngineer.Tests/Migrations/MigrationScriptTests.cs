using McpDbEngineer.Migrations.Rehearsal;

namespace McpDbEngineer.Tests.Migrations;

public sealed class MigrationScriptTests
{
    [Fact]
    public void Read_DbmateFile_SplitsUpAndDownKeepingTheFilesLineNumbers()
    {
        var (up, down) = MigrationScript.Read("-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n", null);

        var upStatements = MigrationScript.Statements(up, "up");
        var downStatements = MigrationScript.Statements(down!, "down");

        Assert.Equal(("CREATE TABLE t (id int)", 2, 1), (upStatements.Single().Text, upStatements[0].Line, upStatements[0].Column));
        Assert.Equal(("DROP TABLE t", 5, 1), (downStatements.Single().Text, downStatements[0].Line, downStatements[0].Column));
    }

    [Fact]
    public void Read_PlainUpAndDown_AreTakenAsGiven()
    {
        var (up, down) = MigrationScript.Read("CREATE INDEX i ON t (a);", "  \n");

        Assert.Equal("CREATE INDEX i ON t (a);", up);
        Assert.Null(down);
    }

    [Fact]
    public void Read_DbmateFileAndADownBesideIt_IsRefused()
    {
        var error = Assert.Throws<ToolException>(() => MigrationScript.Read("-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;", "SELECT 3"));

        Assert.Contains("not both", error.Message);
    }

    [Fact]
    public void Statements_SyntaxError_NamesTheLineAndColumnAndRunsNothing()
    {
        var error = Assert.Throws<ToolException>(() => MigrationScript.Statements("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN;", "up"));

        Assert.StartsWith("The up migration does not parse at 2:25: ", error.Message);
        Assert.EndsWith("Nothing was run.", error.Message);
    }

    [Fact]
    public void Statements_TransactionControl_IsClassifiedSoTheRunnerCanSkipIt()
    {
        var statements = MigrationScript.Statements("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;", "up");

        Assert.Equal([McpDbEngineer.Sql.StatementClass.Transaction, McpDbEngineer.Sql.StatementClass.Ddl, McpDbEngineer.Sql.StatementClass.Transaction], statements.Select(s => s.Class));
    }
}
