using System.Text;

namespace McpDbEngineer.Safety.Hook;

/// <summary>One simple command of a command line: its words (quotes removed) and where its input comes from.</summary>
internal sealed class ShellCommand
{
    public List<string> Words { get; } = [];

    /// <summary>The body of its here-document or here-string, if it has one.</summary>
    public string? Heredoc { get; set; }

    /// <summary>The file of a <c>&lt; file</c> redirection.</summary>
    public string? InputFile { get; set; }

    /// <summary>True when its output is piped into the next command.</summary>
    public bool PipesToNext { get; set; }
}

/// <summary>
/// Splits a shell command line the way a POSIX shell would: words and quoting ('…', "…", $'…', backslashes),
/// the operators that separate commands (; &amp; &amp;&amp; || | and newlines), redirections, here-documents
/// and here-strings. Substitutions ($(…), `…`) stay inside their word as written.
/// </summary>
internal sealed class ShellCommandParser
{
    private readonly string text;
    private readonly List<ShellCommand> commands = [];
    private readonly List<(ShellCommand Command, string Delimiter, bool StripTabs)> pendingHeredocs = [];
    private ShellCommand current = new();
    private int position;

    private ShellCommandParser(string text) => this.text = text;

    public static List<ShellCommand> Parse(string commandLine)
    {
        var parser = new ShellCommandParser(commandLine);
        parser.Run();
        return parser.commands;
    }

    private void Run()
    {
        while (position < text.Length)
        {
            var c = text[position];
            switch (c)
            {
                case ' ' or '\t':
                    position++;
                    break;
                case '\n':
                    position++;
                    EndCommand(pipes: false);
                    ReadHeredocBodies();
                    break;
                case '#':
                    while (position < text.Length && text[position] != '\n')
                    {
                        position++;
                    }

                    break;
                case ';' or '&' or '(' or ')':
                    position++;
                    EndCommand(pipes: false);
                    break;
                case '|':
                    position++;
                    var or = position < text.Length && text[position] == '|';
                    if (or || (position < text.Length && text[position] == '&'))
                    {
                        position++;
                    }

                    EndCommand(pipes: !or);
                    break;
                case '<':
                    Redirection();
                    break;
                case '>':
                    position++;
                    while (position < text.Length && text[position] is '>' or '&' or '|')
                    {
                        position++;
                    }

                    ReadWord();
                    break;
                default:
                    var word = ReadWord();
                    if (word is not null)
                    {
                        // "2>file", "2>&1": the descriptor number belongs to the redirection, not the command.
                        if (position < text.Length && text[position] == '>' && word.All(char.IsAsciiDigit))
                        {
                            break;
                        }

                        current.Words.Add(word);
                    }

                    break;
            }
        }

        EndCommand(pipes: false);
    }

    private void Redirection()
    {
        if (At("<<<"))
        {
            position += 3;
            current.Heredoc = ReadWord();
        }
        else if (At("<<"))
        {
            position += 2;
            var stripTabs = position < text.Length && text[position] == '-';
            if (stripTabs)
            {
                position++;
            }

            var delimiter = ReadWord();
            if (delimiter is not null)
            {
                pendingHeredocs.Add((current, delimiter, stripTabs));
            }
        }
        else if (At("<("))
        {
            // Process substitution: what it produces cannot be known; keep it as an opaque word.
            current.Words.Add(ReadWord() ?? "");
        }
        else
        {
            position++;
            if (position < text.Length && text[position] == '&')
            {
                position++;
            }

            current.InputFile = ReadWord();
        }
    }

    private void ReadHeredocBodies()
    {
        foreach (var (command, delimiter, stripTabs) in pendingHeredocs)
        {
            var body = new StringBuilder();
            while (position < text.Length)
            {
                var end = text.IndexOf('\n', position);
                var line = end < 0 ? text[position..] : text[position..end];
                position = end < 0 ? text.Length : end + 1;
                if (stripTabs)
                {
                    line = line.TrimStart('\t');
                }

                if (line == delimiter)
                {
                    break;
                }

                body.Append(line).Append('\n');
            }

            command.Heredoc = body.ToString();
        }

        pendingHeredocs.Clear();
    }

    private void EndCommand(bool pipes)
    {
        if (current.Words.Count > 0 || current.Heredoc is not null || current.InputFile is not null || pendingHeredocs.Any(p => p.Command == current))
        {
            current.PipesToNext = pipes;
            commands.Add(current);
        }

        current = new ShellCommand();
    }

    /// <summary>Reads one word, removing its quotes; null when no word starts here.</summary>
    private string? ReadWord()
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        var word = new StringBuilder();
        var started = false;
        while (position < text.Length)
        {
            var c = text[position];
            if (c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
            {
                break;
            }

            started = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', position + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text, position + 1, end - position - 1);
                position = Math.Min(end + 1, text.Length);
            }
            else if (c == '$' && At("$'"))
            {
                position += 2;
                AnsiC(word);
            }
            else if (c == '$' && At("$("))
            {
                Substitution(word, '(', ')');
            }
            else if (c == '`')
            {
                Substitution(word, '`', '`');
            }
            else if (c == '"')
            {
                position++;
                while (position < text.Length && text[position] != '"')
                {
                    if (text[position] == '\\' && position + 1 < text.Length && text[position + 1] is '"' or '\\' or '$' or '`' or '\n')
                    {
                        if (text[position + 1] != '\n')
                        {
                            word.Append(text[position + 1]);
                        }

                        position += 2;
                    }
                    else
                    {
                        word.Append(text[position++]);
                    }
                }

                position = Math.Min(position + 1, text.Length);
            }
            else if (c == '\\' && position + 1 < text.Length)
            {
                if (text[position + 1] != '\n')
                {
                    word.Append(text[position + 1]);
                }

                position += 2;
            }
            else
            {
                word.Append(c);
                position++;
            }
        }

        return started ? word.ToString() : null;
    }

    private void AnsiC(StringBuilder word)
    {
        while (position < text.Length && text[position] != '\'')
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                word.Append(text[position + 1] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    var other => other,
                });
                position += 2;
            }
            else
            {
                word.Append(text[position++]);
            }
        }

        position = Math.Min(position + 1, text.Length);
    }

    private void Substitution(StringBuilder word, char open, char close)
    {
        var start = position;
        position += open == '(' ? 2 : 1;
        var depth = 1;
        while (position < text.Length && depth > 0)
        {
            if (open == '(' && text[position] == '(')
            {
                depth++;
            }
            else if (text[position] == close)
            {
                depth--;
            }

            position++;
        }

        word.Append(text, start, position - start);
    }

    private bool At(string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;
}
