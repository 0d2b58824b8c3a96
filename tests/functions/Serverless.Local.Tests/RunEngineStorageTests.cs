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

    /// <summary>Every sample, split into one unit per segment, with its variables in Table Storage and its work on Storage Queues.</summary>
    [Theory]
    [MemberData(nameof(RunEngineTests.Samples), MemberType = typeof(RunEngineTests))]
    public async Task RunEngine_EverySampleOnAzureStorage_SameResultAsDirect(string function, string args)
    {
        var direct = await RunEngineTests.RunAsync(function, "--args", args, "--direct");
        var engine = await RunEngineTests.RunAsync(function, "--args", args, "--units", "every", "--storage", storage.ConnectionString);

        Assert.True(direct.Exit == 0, direct.Out + direct.Err);
        Assert.True(engine.Exit == 0, engine.Out + engine.Err);
        Assert.Contains("Table state store, Storage Queue bus", engine.Err, StringComparison.Ordinal);
        using var d = JsonDocument.Parse(direct.Out);
        using var e = JsonDocument.Parse(engine.Out);
        Assert.Equal("split", e.RootElement.GetProperty("mode").GetString());
        Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")), $"direct {d.RootElement.GetProperty("result")} vs engine {e.RootElement.GetProperty("result")}");
        RunEngineTests.AssertReport(e.RootElement);
        Assert.True(e.RootElement.GetProperty("units").GetArrayLength() > 1, "`--units every` should split the sample into several units");
    }
}
