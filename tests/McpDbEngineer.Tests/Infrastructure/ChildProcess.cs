using System.Diagnostics;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>How a finished program ended and what it wrote.</summary>
public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr);

/// <summary>Starts programs the way a shell or an agent's client would: a program with arguments, pipes on every stream.</summary>
public static class ChildProcess
{
    /// <summary>Starts the program with stdout and stderr (and stdin when asked) redirected.</summary>
    private static Process Start(string program, IEnumerable<string> arguments, bool redirectInput, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>The server program with these arguments.</summary>
    public static Process StartServer(IEnumerable<string> arguments, bool redirectInput = false) =>
        Start(ServerProcess.Command, [.. ServerProcess.CommandPrefix, .. arguments], redirectInput, null);

    /// <summary>Runs `dotnet arguments…` to the end, writing <paramref name="input"/> to its stdin when given.</summary>
    public static Task<ProcessOutcome> RunDotnetAsync(IEnumerable<string> arguments, string? input = null, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("dotnet", arguments, input, environment);

    /// <summary>Runs the server program with these arguments to the end.</summary>
    public static Task<ProcessOutcome> RunServerAsync(IEnumerable<string> arguments, string? input = null) =>
        RunAsync(ServerProcess.Command, [.. ServerProcess.CommandPrefix, .. arguments], input, null);

    private static async Task<ProcessOutcome> RunAsync(string program, IEnumerable<string> arguments, string? input, IReadOnlyDictionary<string, string>? environment)
    {
        using var process = Start(program, arguments, redirectInput: input is not null, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        return new ProcessOutcome(process.ExitCode, await stdout, await stderr);
    }
}
