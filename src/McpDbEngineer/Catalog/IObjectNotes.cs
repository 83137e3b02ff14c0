namespace McpDbEngineer.Catalog;

/// <summary>
/// Something another area knows about a catalog object and wants said where the object is described (decision memory:
/// "3 memories concern public.orders"). Registered by that area; describers ask every one registered, each with a
/// short budget, so an area that is slow or down never slows the description.
/// </summary>
public interface IObjectNotes
{
    /// <summary>One line about <paramref name="relation"/> (schema.table as displayed), or null for nothing to say.</summary>
    Task<string?> NoteAsync(string relation, CancellationToken cancellationToken);
}
