using System.Text;
using System.Text.Json;

namespace McpDbEngineer.Migrations.Lint.Output;

/// <summary>SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): every rule described once in the driver, each finding a result with its location.</summary>
public static class SarifWriter
{
    private const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Write(IReadOnlyList<LintReport> reports, string version)
    {
        var rules = LintRules.Infos.ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "mcp-db-engineer");
            json.WriteString("version", version);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", $"{LintTextWriter.Lock(rule)}: {rule.Why}");
                json.WriteEndObject();
                json.WriteStartObject("help");
                json.WriteString("text", rule.SafeForm);
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.Severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var report in reports)
            {
                foreach (var finding in report.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("ruleId", finding.Rule.Id);
                    json.WriteNumber("ruleIndex", rules.FindIndex(r => r.Id == finding.Rule.Id));
                    json.WriteString("level", Level(finding.Severity));
                    json.WriteStartObject("message");
                    var size = finding.Size is { } s ? $" [{finding.Table}: {TableSizeGrade.Describe(s)}]" : "";
                    json.WriteString("text", $"{finding.Message}{size}. {LintTextWriter.Lock(finding.Rule)}: {finding.Rule.Why}. Instead: {finding.Rule.SafeForm}");
                    json.WriteEndObject();
                    json.WriteStartArray("locations");
                    json.WriteStartObject();
                    json.WriteStartObject("physicalLocation");
                    json.WriteStartObject("artifactLocation");
                    json.WriteString("uri", report.File.Replace('\\', '/'));
                    json.WriteEndObject();
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", finding.Line);
                    json.WriteNumber("startColumn", finding.Column);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndObject();
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Level(LintSeverity severity) => LintTextWriter.Severity(severity);
}
