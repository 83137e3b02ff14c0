using System.Text;

namespace McpDbEngineer.Answers;

/// <summary>A titled list in a text answer whose title is written only with its first line: empty sections take no room.</summary>
public sealed class Section(StringBuilder text, string title)
{
    private bool _started;

    /// <summary>Starts an indented line (writing the title first if this is the first) and returns the text to append it to.</summary>
    public StringBuilder Line()
    {
        if (!_started)
        {
            text.Append(title).Append(":\n");
            _started = true;
        }

        return text.Append("  ");
    }
}
