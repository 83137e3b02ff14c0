namespace McpDbEngineer.Migrations.Draft;

/// <summary>What one object looked like before the migration: the statements that build it again, and its facts.</summary>
internal sealed record PriorObject(IReadOnlyList<string> Recreate, IReadOnlyDictionary<string, string> Facts)
{
    public string Fact(string name) => Facts.TryGetValue(name, out var value) ? value : "";

    public bool Flag(string name) => Fact(name) == "true";
}

/// <summary>Which object a down needs to know about: its kind (as prior_object.sql reads it), its relation, its name.</summary>
internal readonly record struct PriorQuestion(string Kind, string? Relation, string Name);

/// <summary>
/// The live catalog as it was before the migration, as far as the down needs it. The builder asks; a first pass over
/// an empty catalog collects the questions (<see cref="Asked"/>), the loader answers them in one read-only
/// transaction, and the second pass writes the down from the answers. Absent means the object does not exist.
/// </summary>
internal sealed class PriorCatalog(IReadOnlyDictionary<PriorQuestion, PriorObject> answers)
{
    private readonly HashSet<PriorQuestion> _asked = [];

    /// <summary>A catalog that knows nothing: what a first pass asks of it is what to load.</summary>
    public static PriorCatalog Empty() => new(new Dictionary<PriorQuestion, PriorObject>());

    public IReadOnlyCollection<PriorQuestion> Asked => _asked;

    public PriorObject? Find(string kind, string? relation, string name)
    {
        var question = new PriorQuestion(kind, relation, name);
        _asked.Add(question);
        return answers.TryGetValue(question, out var answer) ? answer : null;
    }
}
