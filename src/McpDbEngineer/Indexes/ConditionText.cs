namespace McpDbEngineer.Indexes;

/// <summary>A comparison split at its operator: "lower((u.email)::text)", "=", "'a@b'::text".</summary>
public sealed record Comparison(string Left, string Operator, string Right);

/// <summary>
/// Splits the conditions EXPLAIN prints ("((o.user_id = 42) AND (o.deleted_at IS NULL))") into their conjuncts and
/// comparisons, respecting parentheses and quoted literals and identifiers. PostgreSQL's deparser writes every
/// operator expression in parentheses, which is what makes a split this simple reliable.
/// </summary>
public static class ConditionText
{
    private static readonly string[] Operators = [" = ", " <> ", " <= ", " >= ", " < ", " > ", " ~~ ", " ~~* "];

    /// <summary>The parts of a top-level AND, each without its enclosing parentheses; the whole condition when it is no AND.</summary>
    public static IReadOnlyList<string> Conjuncts(string condition)
    {
        var text = Unwrap(condition.Trim());
        var parts = new List<string>();
        var start = 0;
        foreach (var at in TopLevel(text, " AND "))
        {
            parts.Add(Unwrap(text[start..at].Trim()));
            start = at + " AND ".Length;
        }

        parts.Add(Unwrap(text[start..].Trim()));
        return parts;
    }

    /// <summary>The comparison a conjunct makes at its top level, or null (a function call, IS NULL, a boolean column).</summary>
    public static Comparison? Split(string conjunct) => Split(conjunct, Operators);

    /// <summary>The comparison a conjunct makes at its top level with one of <paramref name="operators"/> (each between spaces, " @> "), or null.</summary>
    public static Comparison? Split(string conjunct, IReadOnlyList<string> operators)
    {
        var text = Unwrap(conjunct.Trim());
        foreach (var op in operators)
        {
            if (TopLevel(text, op).FirstOrDefault(-1) is >= 0 and var at)
            {
                return new Comparison(text[..at].Trim(), op.Trim(), text[(at + op.Length)..].Trim());
            }
        }

        return null;
    }

    /// <summary>Removes parentheses that enclose the whole text: "((a = 1))" → "a = 1".</summary>
    public static string Unwrap(string text)
    {
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')' && ClosingParenthesis(text, 0) == text.Length - 1)
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    private static int ClosingParenthesis(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            i = SkipQuoted(text, i);
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Where <paramref name="token"/> occurs outside parentheses and quotes.</summary>
    private static IEnumerable<int> TopLevel(string text, string token)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            i = SkipQuoted(text, i);
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (depth == 0 && string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
                    {
                        yield return i;
                        i += token.Length - 1;
                    }

                    break;
            }
        }
    }

    /// <summary>From an opening quote (' or "), the index of its closing quote; any other index unchanged.</summary>
    private static int SkipQuoted(string text, int i)
    {
        if (text[i] is not ('\'' or '"'))
        {
            return i;
        }

        var quote = text[i];
        for (var j = i + 1; j < text.Length; j++)
        {
            if (text[j] == quote)
            {
                if (j + 1 < text.Length && text[j + 1] == quote)
                {
                    j++;
                    continue;
                }

                return j;
            }
        }

        return text.Length - 1;
    }
}
