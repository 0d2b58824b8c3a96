using System.Text.Json;
using Serverless.TestSupport;

namespace Serverless.Local.Tests;

[CollectionDefinition(StorageFixture.Collection)]
public sealed class RunEngineStorageCollection : ICollectionFixture<StorageFixture>;

/// <summary>`serverless run --storage`: the durable engine (DTFx Azure Storage), its state store and bus on Azure Storage (Azurite here).</summary>
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
        Assert.Contains("durable engine: DTFx AzureStorageOrchestrationService", engine.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Serverless.Development.AzuriteLauncher.AccountKey, engine.Err, StringComparison.Ordinal);
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

    /// <summary>Two runs on one storage account at once: each takes only its own work and completions, and leaves no queue behind.</summary>
    [Fact]
    public async Task RunEngine_TwoRunsOnOneAccountAtOnce_EachGetsItsOwnResultAndLeavesNoQueues()
    {
        const string function = "Serverless.Samples.LoanSchedule.Amortize";
        var queues = new global::Azure.Storage.Queues.QueueServiceClient(storage.ConnectionString);
        async Task<HashSet<string>> RunQueuesAsync()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var q in queues.GetQueuesAsync(prefix: "run"))
            {
                names.Add(q.Name);
            }

            return names;
        }

        var tables = new global::Azure.Data.Tables.TableServiceClient(storage.ConnectionString);
        async Task<HashSet<string>> TaskHubTablesAsync()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var t in tables.QueryAsync())
            {
                if (t.Name.EndsWith("History", StringComparison.Ordinal) || t.Name.EndsWith("Instances", StringComparison.Ordinal))
                {
                    names.Add(t.Name);
                }
            }

            return names;
        }

        var before = await RunQueuesAsync();
        var hubsBefore = await TaskHubTablesAsync();
        string[] args = ["""{"principal":120000,"annualRatePercent":4,"months":24}""", """{"principal":5000,"annualRatePercent":11,"months":7}"""];
        // A hang guard, not a time assertion: runs that take each other's messages wait forever.
        var runs = await Task.WhenAll(args.Select(a => RunEngineTests.RunAsync(function, "--args", a, "--units", "every", "--storage", storage.ConnectionString)))
            .WaitAsync(TimeSpan.FromMinutes(5));
        var directs = await Task.WhenAll(args.Select(a => RunEngineTests.RunAsync(function, "--args", a, "--direct")));

        for (var i = 0; i < args.Length; i++)
        {
            Assert.True(runs[i].Exit == 0, runs[i].Out + runs[i].Err);
            using var d = JsonDocument.Parse(directs[i].Out);
            using var e = JsonDocument.Parse(runs[i].Out);
            Assert.True(JsonElement.DeepEquals(d.RootElement.GetProperty("result"), e.RootElement.GetProperty("result")), $"run {i}: direct {d.RootElement.GetProperty("result")} vs engine {e.RootElement.GetProperty("result")}");
        }

        Assert.Equal(before, await RunQueuesAsync());

        // Each run's orchestrations ran on a DTFx task hub of its own, deleted when the run ended.
        Assert.All(runs, r => Assert.Contains("DTFx AzureStorageOrchestrationService, task hub", r.Err, StringComparison.Ordinal));
        Assert.Equal(hubsBefore, await TaskHubTablesAsync());
    }
}
