using System.Text.RegularExpressions;
using McpDbEngineer.Plans;
using McpDbEngineer.Sql;

namespace McpDbEngineer.Indexes;

/// <summary>
/// GIN candidates from the conditions plans filter rows with: jsonb containment and key tests, array containment and
/// overlap, full-text matches (on a tsvector column, or on to_tsvector with a fixed configuration, as an expression
/// index), and LIKE / ILIKE / regular expressions on text that no btree can serve (trigram, pg_trgm). Only Filter
/// conditions count: one an index already answers is printed as an Index or Recheck Cond. Pure; hypopg cannot simulate
/// GIN, so the advisor proves these by building them on a shadow copy.
/// </summary>
public static partial class GinCandidates
{
    /// <summary>Column kinds <see cref="From"/> reads, as advisor_tables.sql names them.</summary>
    public const string Jsonb = "jsonb", Array = "array", TsVector = "tsvector", Text = "text";

    // Longest first where one operator starts another (" ?| " before " ? ").
    private static readonly string[] Operators = [" @> ", " <@ ", " && ", " ?| ", " ?& ", " ? ", " @@ ", " ~~* ", " ~~ ", " ~* ", " ~ "];

    /// <summary>What jsonb_ops serves; jsonb_path_ops (smaller, faster for containment) serves @> alone of these.</summary>
    private static readonly string[] JsonbOperators = ["@>", "?", "?|", "?&"];

    private static readonly string[] ArrayOperators = ["@>", "<@", "&&"];

    private static readonly string[] TrigramOperators = ["~~", "~~*", "~", "~*"];

    /// <summary>Operators PostgreSQL turns around (with their commutator) when the column is on the right.</summary>
    private static readonly Dictionary<string, string> Commutators = new(StringComparer.Ordinal) { ["@>"] = "<@", ["<@"] = "@>", ["&&"] = "&&", ["@@"] = "@@" };

    /// <param name="columnKinds">For a table (as <see cref="PlanCandidates.TableOf"/> writes it), its columns as PostgreSQL prints them and their kind (<see cref="Jsonb"/>, <see cref="Array"/>, <see cref="TsVector"/>, <see cref="Text"/>).</param>
    /// <param name="trigramSchema">The schema pg_trgm is installed in; null when it is not (trigram candidates then name the extension to create).</param>
    public static IReadOnlyList<IndexCandidate> From(
        IEnumerable<ExplainPlan> plans, Func<string, IReadOnlyDictionary<string, string>?> columnKinds, string? trigramSchema)
    {
        // Per column, every operator the workload uses on it: jsonb_path_ops only when all of them are @>.
        var uses = new Dictionary<(string Table, string Key, string Kind), SortedSet<string>>();
        var scans = plans.SelectMany(p => p.Root.DescendantsAndSelf()).Where(n => n is { Relation: not null, Schema: not null, Alias: not null });
        foreach (var scan in scans)
        {
            var table = PlanCandidates.TableOf(scan);
            if (columnKinds(table) is not { } kinds)
            {
                continue;
            }

            foreach (var conjunct in scan.Conditions.Where(c => c.Key == "Filter").SelectMany(c => ConditionText.Conjuncts(c.Value)))
            {
                if (Use(conjunct, scan.Alias!, kinds) is { } use)
                {
                    var key = (table, use.Key, use.Kind);
                    if (!uses.TryGetValue(key, out var operators))
                    {
                        uses[key] = operators = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    operators.Add(use.Operator);
                }
            }
        }

        return uses.Select(u => Candidate(u.Key.Table, u.Key.Key, u.Key.Kind, u.Value, trigramSchema)).ToList();
    }

    /// <summary>The column or expression a GIN index would serve this conjunct on, its kind and the operator (as if the column were on the left); null when none would.</summary>
    private static (string Key, string Kind, string Operator)? Use(string conjunct, string alias, IReadOnlyDictionary<string, string> kinds)
    {
        if (ConditionText.Split(conjunct, Operators) is not { } comparison)
        {
            return null;
        }

        var (left, right) = (ConditionColumns.Mentions(comparison.Left, alias), ConditionColumns.Mentions(comparison.Right, alias));
        var (operand, other, op) = left && !right ? (comparison.Left, comparison.Right, comparison.Operator)
            : right && !left && Commutators.TryGetValue(comparison.Operator, out var turned) ? (comparison.Right, comparison.Left, turned)
            : (null, null, null);
        if (operand is null || other is null || op is null)
        {
            return null;
        }

        if (ConditionColumns.BareColumn(operand, alias) is not { } column)
        {
            // to_tsvector with a fixed configuration is immutable, so it can be indexed as an expression; without one it is not.
            var key = IndexCandidates.Key(operand, alias);
            return op == "@@" && FixedConfigurationTsVector().IsMatch(key) ? (key, TsVector, op) : null;
        }

        return kinds.GetValueOrDefault(column) switch
        {
            Jsonb when JsonbOperators.Contains(op) => (column, Jsonb, op),
            Array when ArrayOperators.Contains(op) => (column, Array, op),
            TsVector when op == "@@" => (column, TsVector, op),
            Text when TrigramOperators.Contains(op) && !LeftAnchored(op, other) => (column, Text, op),
            _ => null,
        };
    }

    /// <summary>
    /// A LIKE or regular expression whose constant pattern starts with a fixed prefix: a btree (text_pattern_ops, or C
    /// collation) reads that prefix as a range, so it is no trigram case. ILIKE's prefix depends on case: trigram.
    /// </summary>
    private static bool LeftAnchored(string op, string pattern) => op switch
    {
        "~~" => AnchoredLike().IsMatch(pattern),
        "~" => pattern.StartsWith("'^", StringComparison.Ordinal),
        _ => false,
    };

    private static IndexCandidate Candidate(string table, string key, string kind, IReadOnlySet<string> operators, string? trigramSchema) => kind switch
    {
        Jsonb => new IndexCandidate(table, [key], [], null) { Method = "gin", OperatorClass = operators.All(o => o == "@>") ? "jsonb_path_ops" : null },
        Text => new IndexCandidate(table, [key], [], null)
        {
            Method = "gin",
            OperatorClass = trigramSchema is null or "public" or "pg_catalog" ? "gin_trgm_ops" : $"{Identifiers.AsPrinted(trigramSchema)}.gin_trgm_ops",
            Extension = trigramSchema is null ? "pg_trgm" : null,
        },
        _ => new IndexCandidate(table, [key], [], null) { Method = "gin" },
    };

    [GeneratedRegex("""^\(to_tsvector\('(?:[^']|'')+'::regconfig, """, RegexOptions.CultureInvariant)]
    private static partial Regex FixedConfigurationTsVector();

    /// <summary>A pattern literal whose first character is neither % nor _ (nor an escape): 'abc%'::text.</summary>
    [GeneratedRegex("""^'[^%_\\']""", RegexOptions.CultureInvariant)]
    private static partial Regex AnchoredLike();
}
