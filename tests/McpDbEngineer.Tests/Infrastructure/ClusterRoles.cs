namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// Test classes that create roles. Roles belong to the whole cluster, and every database fingerprint lists them: these
/// classes run alone, after the others, so that no other test sees a role appear while it compares fingerprints.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterRoles
{
    public const string Name = "cluster roles";
}
