using System.Text.Json;
using McpDbEngineer.Hosting;

namespace McpDbEngineer.Tests.Hosting;

public sealed class CompactToolSchemasTests
{
    [Fact]
    public void Compact_SaysOnceThatAnOptionalParameterMayBeLeftOut()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "sql":{"type":"string"},
              "schema":{"description":"Only this schema.","type":["string","null"],"default":null},
              "names":{"type":["array","null"],"items":{"type":["string","null"]},"default":null},
              "page_size":{"type":"integer","default":100}},
             "required":["sql"]}
            """).RootElement;

        var compact = CompactToolSchemas.Compact(schema).GetRawText();

        Assert.Equal(
            """{"type":"object","properties":{"sql":{"type":"string"},"schema":{"description":"Only this schema.","type":"string"},"names":{"type":"array","items":{"type":"string"}},"page_size":{"type":"integer","default":100}},"required":["sql"]}""",
            compact);
    }
}
