using System.Text.Json;
using Serverless.TestSupport;

namespace Serverless.Local.Tests;

[CollectionDefinition(StorageFixture.Collection)]
public sealed class RunEngineStorageCollection : ICollectionFixture<StorageFixture>;

/// <summary>`serverless run --storage`: the engine's state store and bus on Azure Storage (Azurite here).</summary>
[Collection(StorageFixture.Collection)]
public sealed class RunEngineStorageTests(StorageFixture storage)
{
    [Fact]
    public async Task RunEngine_AzureStorageBackend_SameResultAsDirectAndSaysSo()
    {
        const string function = "Serverless.Samples.DocumentPipeline.Summarize";
        const string args = """{"title":"Azurite","text":"Tables hold state. Queues carry work. Work completes.","keywordCount":2}""";
        var direct = await RunEngineTests.RunAsync(function, "--args", args, "--direct");
        var engine = await RunEngineTests.RunAsync(function, "--args", args, "--units", "every", "--storage", storage.ConnectionString);

        Assert.True(engine.Exit == 0, engine.Out + engine.Err);
        Assert.Contains("Azure Storage", engine.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Serverless.Azure.Development.AzuriteLauncher.AccountKey, engine.Err, StringComparison.Ordinal);
        using var d = JsonDocument.Parse(direct.Out);
        using var e = JsonDocument.Parse(engine.Out);
        Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")));
        RunEngineTests.AssertReport(e.RootElement);
    }
}
