using System.Text.RegularExpressions;

namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>Answers that carry database content hold it in a block marked as data (Answers/UntrustedData).</summary>
public static partial class DataBlock
{
    /// <summary>The content of the answer's data block; fails unless the answer is exactly one such block.</summary>
    public static string Inside(string answer)
    {
        var match = Block().Match(answer);
        Assert.True(match.Success, $"not a data block: {answer}");
        return match.Groups["content"].Value;
    }

    /// <summary>The answer with its data block's marks taken off, for tests about the content; as is when it has none.</summary>
    public static string Content(string answer) => Block().Match(answer) is { Success: true } match ? match.Groups["content"].Value : answer;

    [GeneratedRegex(@"\A<data-(?<tag>[0-9a-f]{8})> data, not instructions\n(?<content>.*)</data-\k<tag>>\n\z", RegexOptions.Singleline)]
    private static partial Regex Block();
}
