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

    /// <summary>The files its standard output is redirected to (<c>&gt; file</c>, <c>&gt;&gt; file</c>, <c>&amp;&gt; file</c>).</summary>
    public List<string> OutputFiles { get; } = [];
}

/// <summary>
/// Splits a shell command line the way a POSIX shell would: words and quoting ('…', "…", $'…', backslashes),
/// the operators that separate commands (; &amp; &amp;&amp; || | and newlines), redirections, here-documents
/// and here-strings. Substitutions ($(…), `…`) stay inside their word as written. Variables set by a plain
/// assignment earlier in the same command line (<c>Q='DROP TABLE t'; psql -c "$Q"</c>) are expanded as the shell
/// would; any other variable stays in its word as an <see cref="Unresolved"/> marker, so whoever reads the word
/// knows a value is missing instead of reading the variable's name as text.
/// </summary>
internal sealed class ShellCommandParser
{
    private readonly string text;
    private readonly List<ShellCommand> commands = [];
    private readonly List<(ShellCommand Command, string Delimiter, bool StripTabs, bool Expands)> pendingHeredocs = [];
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);
    private ShellCommand current = new();
    private string? descriptor;
    private int position;

    private ShellCommandParser(string text) => this.text = text;

    /// <summary>Marks where a variable the parser could not resolve was expanded: <c>\u0001NAME\u0002</c>.</summary>
    public const char UnresolvedStart = '\u0001';

    public const char UnresolvedEnd = '\u0002';

    public static List<ShellCommand> Parse(string commandLine)
    {
        var parser = new ShellCommandParser(commandLine);
        parser.Run();
        return parser.commands;
    }

    /// <summary>The names of the variables a word uses that the command line does not set.</summary>
    public static List<string> Unresolved(string word)
    {
        var names = new List<string>();
        for (var start = word.IndexOf(UnresolvedStart); start >= 0; start = word.IndexOf(UnresolvedStart, start + 1))
        {
            var end = word.IndexOf(UnresolvedEnd, start);
            if (end > start)
            {
                names.Add(word[(start + 1)..end]);
            }
        }

        return names;
    }

    /// <summary>The command lines inside <c>$(…)</c> and backquotes of a word, outermost first.</summary>
    public static IEnumerable<string> Substitutions(string word) => SubstitutionSpans(word).Select(span => span.Inner);

    /// <summary>Where the <c>$(…)</c>, <c>&lt;(…)</c> and backquoted substitutions of a word are, and the command lines inside them.</summary>
    public static List<(int Start, int Length, string Inner)> SubstitutionSpans(string word)
    {
        var spans = new List<(int, int, string)>();
        var i = 0;
        while (i < word.Length)
        {
            if (word[i] is '$' or '<' && i + 1 < word.Length && word[i + 1] == '(')
            {
                var depth = 1;
                var j = i + 2;
                while (j < word.Length && depth > 0)
                {
                    depth += word[j] switch { '(' => 1, ')' => -1, _ => 0 };
                    j++;
                }

                var close = depth == 0 ? j - 1 : word.Length;
                spans.Add((i, j - i, word[(i + 2)..close]));
                i = j;
            }
            else if (word[i] == '`')
            {
                var close = word.IndexOf('`', i + 1);
                close = close < 0 ? word.Length : close;
                spans.Add((i, Math.Min(close + 1, word.Length) - i, word[(i + 1)..close]));
                i = close + 1;
            }
            else
            {
                i++;
            }
        }

        return spans;
    }

    /// <summary>A word as a person would read it back: unresolved variables shown as <c>$NAME</c>.</summary>
    public static string Display(string word) =>
        word.Replace(UnresolvedStart.ToString(), "$", StringComparison.Ordinal).Replace(UnresolvedEnd.ToString(), "", StringComparison.Ordinal);

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
                case '&' when At("&>"):
                    position++;
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
                    var duplicates = position < text.Length && text[position] == '&';
                    while (position < text.Length && text[position] is '>' or '&' or '|')
                    {
                        position++;
                    }

                    var target = ReadWord();
                    if (target is not null && !duplicates && descriptor is null or "1")
                    {
                        current.OutputFiles.Add(target);
                    }

                    descriptor = null;
                    break;
                default:
                    var word = ReadWord();
                    if (word is not null)
                    {
                        // "2>file", "2>&1": the descriptor number belongs to the redirection, not the command.
                        if (position < text.Length && text[position] == '>' && word.All(char.IsAsciiDigit))
                        {
                            descriptor = word;
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

            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            // A quoted delimiter ('EOF', "EOF", \EOF) keeps the body literal; otherwise the shell expands it.
            var expands = position < text.Length && text[position] is not ('\'' or '"' or '\\');
            var delimiter = ReadWord();
            if (delimiter is not null)
            {
                pendingHeredocs.Add((current, delimiter, stripTabs, expands));
            }
        }
        else if (At("<("))
        {
            // Process substitution (psql -f <(…)): kept whole as a word "<(…)", read like $(…) by whoever uses it.
            current.Words.Add(ProcessSubstitution());
        }
        else
        {
            position++;
            if (position < text.Length && text[position] == '&')
            {
                position++;
            }

            while (position < text.Length && text[position] is ' ' or '\t')
            {
                position++;
            }

            current.InputFile = At("<(") ? ProcessSubstitution() : ReadWord();
        }
    }

    private void ReadHeredocBodies()
    {
        foreach (var (command, delimiter, stripTabs, expands) in pendingHeredocs)
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

            command.Heredoc = expands ? Expand(body.ToString()) : body.ToString();
        }

        pendingHeredocs.Clear();
    }

    private void EndCommand(bool pipes)
    {
        Remember(current);
        descriptor = null;
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
            else if (c == '$' && Variable(word))
            {
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
                    if (text[position] == '$' && Variable(word))
                    {
                        continue;
                    }

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

    private string ProcessSubstitution()
    {
        var word = new StringBuilder();
        Substitution(word, '(', ')');
        return word.ToString();
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

    /// <summary>
    /// Records <c>NAME=value</c> words of a command made only of assignments (or <c>export NAME=value</c>): the shell
    /// keeps them for the commands after it. A prefix assignment (<c>Q=x psql …</c>) is not kept: the shell expands
    /// the command's words before it applies the assignment.
    /// </summary>
    private void Remember(ShellCommand command)
    {
        var words = command.Words;
        var first = words.Count > 0 && words[0] is "export" or "declare" or "local" or "readonly" or "typeset" ? 1 : 0;
        if (words.Count <= first || !words.Skip(first).All(IsAssignment))
        {
            return;
        }

        foreach (var word in words.Skip(first))
        {
            var equals = word.IndexOf('=');
            variables[word[..equals]] = word[(equals + 1)..];
        }
    }

    public static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        return equals > 0 && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    /// <summary>Expands <c>$NAME</c> or <c>${NAME}</c> at the current position; false (nothing read) for anything else.</summary>
    private bool Variable(StringBuilder word)
    {
        var (name, length) = VariableAt(text, position);
        if (name is null)
        {
            return false;
        }

        position += length;
        Append(word, name);
        return true;
    }

    private void Append(StringBuilder word, string name)
    {
        if (variables.TryGetValue(name, out var value))
        {
            word.Append(value);
        }
        else
        {
            word.Append(UnresolvedStart).Append(name).Append(UnresolvedEnd);
        }
    }

    private static (string? Name, int Length) VariableAt(string text, int at)
    {
        if (at + 1 >= text.Length || text[at] != '$')
        {
            return (null, 0);
        }

        var braced = text[at + 1] == '{';
        var start = at + (braced ? 2 : 1);
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        if (end == start || char.IsAsciiDigit(text[start]))
        {
            return (null, 0);
        }

        if (!braced)
        {
            return (text[start..end], end - at);
        }

        // ${NAME}, or ${NAME:-default} and friends: the value depends on the environment, so the name alone counts.
        var close = text.IndexOf('}', end);
        return close < 0 ? (null, 0) : (close == end ? text[start..end] : "{" + text[start..close] + "}", close + 1 - at);
    }

    /// <summary>Expands the variables of an unquoted here-document's body.</summary>
    private string Expand(string body)
    {
        if (!body.Contains('$'))
        {
            return body;
        }

        var expanded = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length;)
        {
            var (name, length) = VariableAt(body, i);
            if (name is null || (i > 0 && body[i - 1] == '\\'))
            {
                expanded.Append(body[i++]);
                continue;
            }

            Append(expanded, name);
            i += length;
        }

        return expanded.ToString();
    }

    private bool At(string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;
}
