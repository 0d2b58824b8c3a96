namespace Serverless.Integration.Tests.Engine;

[CollectionDefinition(Name)]
public sealed class AzuriteEngineCollection : ICollectionFixture<AzuriteEngineFixture>
{
    public const string Name = "engine (Azurite)";
}
