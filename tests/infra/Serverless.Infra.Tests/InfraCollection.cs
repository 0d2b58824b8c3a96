namespace Serverless.Infra.Tests;

/// <summary>Compiles the Bicep once for every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<CompiledInfra>
{
    public const string Name = "infra";
}
