using System.Text;
using System.Text.Json;

namespace McpDbEngineer.Migrations.Lint.Output;

/// <summary>The findings as JSON for scripts: one object per file, snake_case names, written without reflection (Native AOT).</summary>
public static class LintJsonWriter
{
    public static string Write(IReadOnlyList<LintReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("errors", reports.Sum(r => r.Count(LintSeverity.Error)));
            json.WriteNumber("warnings", reports.Sum(r => r.Count(LintSeverity.Warning)));
            json.WriteNumber("notes", reports.Sum(r => r.Count(LintSeverity.Note)));
            json.WriteStartArray("files");
            foreach (var report in reports)
            {
                json.WriteStartObject();
                json.WriteString("path", report.File);
                json.WriteNumber("statements", report.Statements);
                if (report.Error is { } error)
                {
                    json.WriteStartObject("syntax_error");
                    json.WriteNumber("line", error.Line);
                    json.WriteNumber("column", error.Column);
                    json.WriteString("message", error.Message);
                    json.WriteEndObject();
                }

                json.WriteStartArray("findings");
                foreach (var finding in report.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("rule", finding.Rule.Id);
                    json.WriteString("severity", LintTextWriter.Severity(finding.Severity));
                    json.WriteNumber("line", finding.Line);
                    json.WriteNumber("column", finding.Column);
                    json.WriteString("message", finding.Message);
                    if (finding.Table is { } table)
                    {
                        json.WriteString("table", table.ToString());
                    }

                    if (finding.Size is { } size)
                    {
                        json.WriteBoolean("table_exists", size.Exists);
                        json.WriteNumber("table_bytes", size.Bytes);
                        if (size.Rows is { } rows)
                        {
                            json.WriteNumber("table_rows", rows);
                        }
                    }

                    json.WriteString("lock", finding.Rule.Lock);
                    json.WriteBoolean("rewrites", finding.Rule.Rewrites);
                    json.WriteString("why", finding.Rule.Why);
                    json.WriteString("safe_form", finding.Rule.SafeForm);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
