namespace McpDbEngineer.Tests.Infrastructure;

/// <summary>
/// Tests that build the product project themselves (dotnet pack, scripts/run.sh's publish) share its obj folder: run
/// together, one's restore rewrites the files the other's build is reading, and that build fails.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProductBuilds
{
    public const string Name = "builds of the product project";
}
