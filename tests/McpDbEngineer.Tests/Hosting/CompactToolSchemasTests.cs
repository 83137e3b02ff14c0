using System.Text.Json.Nodes;
using McpDbEngineer.Hosting;

namespace McpDbEngineer.Tests.Hosting;

public sealed class CompactToolSchemasTests
{
    [Fact]
    public void Compact_SaysOnceThatAnOptionalParameterMayBeLeftOut()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","properties":{
              "sql":{"type":"string"},
              "schema":{"description":"Only this schema.","type":["string","null"],"default":null},
              "names":{"type":["array","null"],"items":{"type":["string","null"]},"default":null},
              "page_size":{"type":"integer","default":100}},
             "required":["sql"]}
            """)!.AsObject();

        CompactToolSchemas.Compact(schema);
        var compact = schema.ToJsonString();

        Assert.Equal(
            """{"type":"object","properties":{"sql":{"type":"string"},"schema":{"description":"Only this schema.","type":"string"},"names":{"type":"array","items":{"type":"string"}},"page_size":{"type":"integer","default":100}},"required":["sql"]}""",
            compact);
    }
}
