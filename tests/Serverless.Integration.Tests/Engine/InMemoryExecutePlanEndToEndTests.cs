namespace Serverless.Integration.Tests.Engine;

/// <summary>The end-to-end scenarios on the in-memory state store and bus.</summary>
[Collection(InMemoryEngineCollection.Name)]
public sealed class InMemoryExecutePlanEndToEndTests(InMemoryEngineFixture fixture) : ExecutePlanEndToEndTests(fixture);
