using System.Diagnostics;
using System.Text;

namespace McpDbEngineer.Sandbox;

/// <summary>What a program printed and how it ended.</summary>
public sealed record ProgramResult(int ExitCode, string Output);

/// <summary>
/// Runs a PostgreSQL program (initdb, pg_ctl, pg_dump, pg_restore) to its end and collects what it printed. Cancelling
/// kills it: a pg_dump left running would hold its snapshot on the target.
/// </summary>
public static class ProgramRunner
{
    public static async Task<ProgramResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new ToolException($"Could not start {fileName}.");
        process.StandardInput.Close();
        // pg_ctl start leaves the postmaster holding inherited pipes, so read output without waiting for EOF.
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            return new ProgramResult(process.ExitCode, output.ToString().Trim());
        }
    }
}
