using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Serverless.Development;
using Serverless.Contracts.Plans;
using Serverless.Local.Backends;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Tests.Backends;

/// <summary>
/// DTFx on Azurite behind InProcessTestHost's gRPC sidecar: the engine's plans and a plain fan-out give the right
/// results, and disposing deletes the task hub and stops the Azurite it started. Skipped when Azurite cannot start.
/// </summary>
public sealed class AzureStorageBackendTests
{
    private const string FanOut = "TestBackendsFanOut";
    private const string Square = "TestBackendsSquare";
    private static readonly string[] Regions = ["westeurope", "eastus"];

    [Fact]
    public async Task StartAsync_InvalidTaskHubName_ThrowsNamingItBeforeStartingAzurite()
    {
        var random = new Random(6);
        for (var i = 0; i < 40; i++)
        {
            var letters = new string([.. Enumerable.Range(0, random.Next(3, 20)).Select(_ => (char)('a' + random.Next(26)))]);
            var name = (i % 4) switch
            {
                0 => letters[..random.Next(1, 3)],                                   // too short
                1 => random.Next(10).ToString(CultureInfo.InvariantCulture) + letters, // starts with a digit
                2 => letters.Insert(random.Next(1, letters.Length), i % 8 == 2 ? "-" : "_"), // not a letter or digit
                _ => letters + new string('x', 46 - letters.Length + random.Next(10)),   // too long
            };
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => AzureStorageBackend.StartAsync(new AzureStorageBackendOptions { TaskHubName = name, ConnectionString = "unused" }));
            Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("3 to 45 letters or digits", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(-3)]
    public async Task StartAsync_PartitionCountOutOfRange_ThrowsNamingIt(int partitions)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => AzureStorageBackend.StartAsync(new AzureStorageBackendOptions { PartitionCount = partitions, ConnectionString = "unused" }));
        Assert.Contains($"PartitionCount {partitions}", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SidecarEngine_DtfxOnAzurite_RandomDagsAndFanOutGiveComputedResultsThenTaskHubIsDeleted()
    {
        await using var azurite = await StartAzuriteOrSkipAsync();
        var hub = "t" + Guid.NewGuid().ToString("N")[..12];
        var backend = await AzureStorageBackend.StartAsync(new AzureStorageBackendOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHubName = hub,
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        });
        var engine = await SidecarEngine.StartAsync(backend, new SumRunner(), new EmbeddedEngineOptions
        {
            Regions = Regions,
            ConfigureTasks = registry =>
            {
                registry.AddOrchestratorFunc<int, int>(FanOut, async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>(Square, i)))).Sum());
                registry.AddActivityFunc<int, int>(Square, (_, i) => i * i);
            },
        });
        try
        {
            var random = new Random(42);
            for (var round = 0; round < 3; round++)
            {
                var (plan, expected) = RandomDag(random, random.Next(3, 10));
                var outcome = await engine.RunAsync(plan);
                Assert.True(outcome.Status == OrchestrationRuntimeStatus.Completed, $"{outcome.Status}: {outcome.Error}");
                Assert.Equal(expected, outcome.Result!.Result!.Value.GetInt32());
                Assert.Equal(plan.Units.Count, outcome.Result.Units.Count);

                var n = random.Next(0, 25);
                var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(FanOut, n);
                var metadata = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
                Assert.Equal(Enumerable.Range(0, n).Sum(i => i * i), metadata.ReadOutputAs<int>());
            }

            Assert.NotEmpty(await TaskHubResourcesAsync(azurite.ConnectionString, hub));
        }
        finally
        {
            await engine.DisposeAsync();
        }

        Assert.Empty(await TaskHubResourcesAsync(azurite.ConnectionString, hub));
    }

    /// <summary>A failed plan on DTFx reads back as the segment's error type and message, as on the in-memory backend.</summary>
    [SkippableFact]
    public async Task SidecarEngine_DtfxOnAzurite_FailedExecutionReadsBackAsTheSegmentsError()
    {
        await using var azurite = await StartAzuriteOrSkipAsync();
        var backend = await AzureStorageBackend.StartAsync(new AzureStorageBackendOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHubName = "t" + Guid.NewGuid().ToString("N")[..12],
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        });
        await using var engine = await SidecarEngine.StartAsync(backend, new FailingRunner(), new EmbeddedEngineOptions { Regions = Regions });
        var plan = new ExecutionPlan
        {
            ExecutionId = "t" + Guid.NewGuid().ToString("N"),
            FunctionId = "test.fail",
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = Regions[0] }],
            Options = new ExecutionOptions { MaxAttempts = 1 },
        };

        var outcome = await engine.RunAsync(plan);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.NotNull(outcome.Error);
        Assert.True(outcome.Error.Type == typeof(FormatException).FullName, $"{outcome.Error}");
        Assert.Equal(FailingRunner.Message, outcome.Error.Message);
    }

    [SkippableFact]
    public async Task DisposeAsync_AzuriteStartedByBackend_StopsThatProcess()
    {
        AzureStorageBackend backend;
        try
        {
            backend = await AzureStorageBackend.StartAsync(new AzureStorageBackendOptions { PartitionCount = 1 });
        }
        catch (AzuriteUnavailableException ex)
        {
            throw new SkipException("Azurite cannot start here: " + ex.Message);
        }

        var pid = backend.AzuriteProcessId;
        Assert.NotNull(pid);
        Assert.True(IsRunning(pid.Value));
        await backend.DisposeAsync();
        Assert.False(IsRunning(pid.Value));
    }

    private static async Task<AzuriteLauncher> StartAzuriteOrSkipAsync()
    {
        try
        {
            return await AzuriteLauncher.StartAsync(TimeSpan.FromSeconds(30));
        }
        catch (AzuriteUnavailableException ex)
        {
            throw new SkipException("Azurite cannot start here: " + ex.Message);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Tables, queues and containers whose names start with the task hub's.</summary>
    private static async Task<List<string>> TaskHubResourcesAsync(string connectionString, string hub)
    {
        var found = new List<string>();
        await foreach (var t in new TableServiceClient(connectionString).QueryAsync(filter: $"TableName ge '{hub}' and TableName lt '{hub}{{'"))
        {
            found.Add("table " + t.Name);
        }

        await foreach (var q in new QueueServiceClient(connectionString).GetQueuesAsync(prefix: hub.ToLowerInvariant()))
        {
            found.Add("queue " + q.Name);
        }

        await foreach (var c in new BlobServiceClient(connectionString).GetBlobContainersAsync(prefix: hub.ToLowerInvariant()))
        {
            found.Add("container " + c.Name);
        }

        return found;
    }

    /// <summary>
    /// A random DAG: unit i reads one or two earlier units' outputs and writes v_i = i + 1 + the sum of its inputs; the
    /// last unit reads every unit nobody else reads and returns its value.
    /// </summary>
    private static (ExecutionPlan Plan, int Expected) RandomDag(Random random, int n)
    {
        var values = new int[n];
        var read = new bool[n];
        var units = new List<PlanUnit>();
        for (var i = 0; i < n; i++)
        {
            List<int> preds = i == 0 ? [] : i == n - 1
                ? [.. Enumerable.Range(0, n - 1).Where(p => !read[p])]
                : [.. Enumerable.Range(0, i).OrderBy(_ => random.Next()).Take(random.Next(0, 3)).Order()];
            foreach (var p in preds)
            {
                read[p] = true;
            }

            values[i] = i + 1 + preds.Sum(p => values[p]);
            units.Add(new PlanUnit
            {
                Id = i,
                Segments = [i],
                Region = Regions[i % Regions.Length],
                DependsOn = preds,
                Inputs = [.. preds.Select(p => new UnitInput(Var(p), p))],
                Outputs = i == n - 1 ? [] : [Var(i)],
            });
        }

        var plan = new ExecutionPlan { ExecutionId = "t" + Guid.NewGuid().ToString("N"), FunctionId = "test.sum", Units = units };
        return (plan, values[n - 1]);
    }

    private static string Var(int unit) => "v" + unit.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes i + 1 + the sum of the inputs; the unit without outputs returns that value.</summary>
    private sealed class SumRunner : ISegmentRunner
    {
        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            var value = request.Segments[0] + 1 + request.Inputs.Values.Sum(v => JsonSerializer.Deserialize<int>(v.Span));
            var bytes = (ReadOnlyMemory<byte>)JsonSerializer.SerializeToUtf8Bytes(value);
            return Task.FromResult(request.Outputs.Count == 0
                ? new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, bytes)
                : new UnitRunResult(request.Outputs.ToDictionary(o => o, _ => bytes), false, null));
        }
    }

    private sealed class FailingRunner : ISegmentRunner
    {
        public const string Message = "segment 0 could not parse 'x'";

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
            => throw new FormatException(Message);
    }
}
