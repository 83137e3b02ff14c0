using McpDbEngineer.Answers;
using McpDbEngineer.Database;
using McpDbEngineer.Memory;
using McpDbEngineer.Safety;
using Microsoft.Extensions.Configuration;

namespace McpDbEngineer.Hosting;

/// <summary>
/// Checks the settings before anything starts: a mistyped option ends the program with a line that names it
/// (not a stack trace later), and a mistyped --access never quietly falls back to some mode.
/// </summary>
public static class StartupSettings
{
    /// <summary>What is wrong with the settings, in words; empty when the server can start.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        // Each section is bound at a call site of its own: the configuration binder's source generator needs the type.
        Bind(problems, () => configuration.GetSection(ServerOptions.Section).Get<ServerOptions>());
        Bind(problems, () => configuration.GetSection(HttpOptions.Section).Get<HttpOptions>());
        var database = Bind(problems, () => configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions());
        var safety = Bind(problems, () => configuration.GetSection(SafetyOptions.Section).Get<SafetyOptions>() ?? new SafetyOptions());
        var answers = Bind(problems, () => configuration.GetSection(AnswerOptions.Section).Get<AnswerOptions>() ?? new AnswerOptions());
        var memory = Bind(problems, () => configuration.GetSection(MemoryOptions.Section).Get<MemoryOptions>() ?? new MemoryOptions());
        if (memory is not null)
        {
            problems.AddRange(MemoryEmbeddings.Problems(memory));
            if (!string.IsNullOrWhiteSpace(memory.ConnectionString))
            {
                try
                {
                    ConnectionStrings.Parse(memory.ConnectionString);
                }
                catch (ToolException e)
                {
                    problems.Add("--memory-url: " + e.Message);
                }
            }
        }

        if (safety is not null)
        {
            if (!safety.Access.Equals("read-only", StringComparison.OrdinalIgnoreCase) && !safety.IsReadWrite)
            {
                problems.Add($"--access must be read-only or read-write; got '{safety.Access}'.");
            }

            Positive(problems, "--approval-timeout", safety.ApprovalTimeoutSeconds);
            Positive(problems, "Safety:DeletedRowsCount", safety.DeletedRowsCount > int.MaxValue ? int.MaxValue : (int)safety.DeletedRowsCount);
            if (safety.DeletedRowsShare is < 0 or > 1 || safety.UpdatedRowsShare is < 0 or > 1)
            {
                problems.Add("Safety:DeletedRowsShare and Safety:UpdatedRowsShare are shares of a table, from 0 to 1 (0.1 is 10%).");
            }
        }

        if (answers is not null)
        {
            Positive(problems, "--max-rows", answers.DefaultMaxRows);
            Positive(problems, "Answers:MaxValueChars", answers.MaxValueChars);
            Positive(problems, "Answers:MaxAnswerChars", answers.MaxAnswerChars);
        }

        if (database is not null)
        {
            Positive(problems, "--connect-timeout", database.ConnectTimeoutSeconds);
            Positive(problems, "--command-timeout", database.CommandTimeoutSeconds);
            Positive(problems, "Database:LockTimeoutSeconds", database.LockTimeoutSeconds);
            if (!string.IsNullOrWhiteSpace(database.ConnectionString))
            {
                try
                {
                    ConnectionStrings.Parse(database.ConnectionString);
                }
                catch (ToolException e)
                {
                    problems.Add(e.Message);
                }
            }
        }

        return problems;
    }

    private static T? Bind<T>(List<string> problems, Func<T?> bind)
        where T : class
    {
        try
        {
            return bind();
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value 'abc' at 'Database:CommandTimeoutSeconds' to type 'System.Int32'."
            problems.Add(e.Message);
            return null;
        }
    }

    private static void Positive(List<string> problems, string name, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{name} must be a positive number; got {value}.");
        }
    }
}
