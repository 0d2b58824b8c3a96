namespace Serverless.Integration.Tests.Engine;

/// <summary>The end-to-end scenarios on Azure Storage (Azurite): Table state store and Storage Queue bus.</summary>
[Collection(AzuriteEngineCollection.Name)]
public sealed class AzuriteExecutePlanEndToEndTests(AzuriteEngineFixture fixture) : ExecutePlanEndToEndTests(fixture);
