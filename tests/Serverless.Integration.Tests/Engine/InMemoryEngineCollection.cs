namespace Serverless.Integration.Tests.Engine;

[CollectionDefinition(Name)]
public sealed class InMemoryEngineCollection : ICollectionFixture<InMemoryEngineFixture>
{
    public const string Name = "engine (in-memory)";
}
