using System.Text.Json;
using McpDbEngineer.Hosting;
using McpDbEngineer.Tests.Infrastructure;

namespace McpDbEngineer.Tests.Hosting;

/// <summary>
/// Arguments of every tool, checked in one place: wrong types and missing arguments name the field, the type and an
/// example; the conversions an LLM commonly needs are made the same way for every tool. End to end through a real server.
/// </summary>
public sealed class ToolArgumentsTests(SampleDatabaseFixture database) : IClassFixture<SampleDatabaseFixture>
{
    [Fact]
    public async Task WrongTypesAndMissingArguments_NameTheFieldTheTypeAndAnExample()
    {
        await using var client = await database.StartServerAsync();

        var badRows = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT 1", ["max_rows"] = "abc" });
        var missing = await client.CallErrorAsync("execute_sql", new());
        var badAnalyze = await client.CallErrorAsync("explain_query", new() { ["sql"] = "SELECT 1", ["analyze"] = "yes" });
        var unknown = await client.CallErrorAsync("execute_sql", new() { ["query"] = "SELECT 1" });
        var notAList = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT $1", ["parameters"] = "42" });

        Assert.Equal("Invalid arguments for execute_sql: 'max_rows' must be an integer (or null), e.g. \"max_rows\": 100; got \"abc\".", badRows);
        Assert.StartsWith("Invalid arguments for execute_sql: 'sql' is missing: text (a JSON string), e.g. \"sql\":", missing);
        Assert.Equal("Invalid arguments for explain_query: 'analyze' must be true or false, e.g. \"analyze\": true; got \"yes\".", badAnalyze);
        Assert.Contains("'sql' is missing", unknown);
        Assert.Contains("execute_sql takes no argument 'query' (its arguments: sql, parameters, max_rows)", unknown);
        Assert.Contains("'parameters' must be an array of text values (JSON strings)", notAList);
    }

    [Fact]
    public async Task CommonConversions_AreAcceptedTheSameWayByEveryTool()
    {
        await using var client = await database.StartServerAsync();

        var numbersAsParameters = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT $1::int + 1 AS n, $2::text AS t", ["parameters"] = new object[] { 4242, true } });
        var rowsAsText = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT g FROM generate_series(1, 20) g", ["max_rows"] = "10" });
        var pageSizeAsText = await client.CallTextAsync("list_objects", new() { ["page_size"] = "2", ["kind"] = "table" });
        var booleanAsText = await client.CallTextAsync("explain_query", new() { ["sql"] = "SELECT 1", ["analyze"] = "true" });
        var tableAsNumber = await client.CallErrorAsync("describe_table", new() { ["table"] = 123 });

        Assert.Contains("n:int4\tt:text\n4243\ttrue\n", numbersAsParameters);
        Assert.Contains("(10 rows; 10 further rows cut", rowsAsText);
        Assert.Contains("cursor", pageSizeAsText);
        Assert.Contains("actual", booleanAsText);
        Assert.Contains("123", tableAsNumber);
        Assert.DoesNotContain("An error occurred", tableAsNumber);
    }

    [Fact]
    public async Task MaxRows_OutsideItsRange_IsRefusedWithTheMaximumAndAtTheMaximumNoRaiseIsAdvised()
    {
        await using var client = await database.StartServerAsync();

        var tooMany = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT 1", ["max_rows"] = 6000 });
        var negative = await client.CallErrorAsync("execute_sql", new() { ["sql"] = "SELECT 1", ["max_rows"] = -1 });
        var atMaximum = await client.CallTextAsync("execute_sql", new() { ["sql"] = "SELECT g FROM generate_series(1, 5001) g", ["max_rows"] = 5000 });

        Assert.StartsWith("max_rows must be between 1 and 5000; got 6000.", tooMany);
        Assert.StartsWith("max_rows must be between 1 and 5000; got -1.", negative);
        Assert.Contains("(5000 rows; 1 further row cut — add LIMIT/OFFSET, aggregate or narrow the WHERE clause)", atMaximum);
        Assert.DoesNotContain("raise max_rows", atMaximum);
    }

    [Fact]
    public void Normalize_ConvertsOnlyWhatIsUnambiguous()
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"n":{"type":"integer"},"b":{"type":"boolean"},"s":{"type":["string","null"]}},"required":["n"]}
            """);
        var arguments = new Dictionary<string, JsonElement>
        {
            ["n"] = JsonElement.Parse("\" 10 \""), ["b"] = JsonElement.Parse("\"FALSE\""), ["s"] = JsonElement.Parse("12.5"),
        };
        var fractional = new Dictionary<string, JsonElement> { ["n"] = JsonElement.Parse("1.5") };
        var whole = new Dictionary<string, JsonElement> { ["n"] = JsonElement.Parse("7.0"), ["b"] = JsonElement.Parse("\"1\"") };

        Assert.Null(ToolArguments.Normalize("t", schema.RootElement, arguments));
        Assert.Equal(10, arguments["n"].GetInt32());
        Assert.False(arguments["b"].GetBoolean());
        Assert.Equal("12.5", arguments["s"].GetString());
        Assert.Contains("'n' must be an integer", ToolArguments.Normalize("t", schema.RootElement, fractional));
        Assert.Equal("Invalid arguments for t: 'b' must be true or false, e.g. \"b\": true; got \"1\".", ToolArguments.Normalize("t", schema.RootElement, whole));
        Assert.Equal(7, whole["n"].GetInt32());
    }
}
