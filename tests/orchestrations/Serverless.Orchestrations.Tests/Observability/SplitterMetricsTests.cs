using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Tests.Replay;
using Serverless.Orchestrations.Worker;

namespace Serverless.Orchestrations.Tests.Observability;

/// <summary>
/// The engine's meter as an exporter sees it: every unit a worker runs is counted once with its region and outcome
/// (a redelivered attempt that already completed is not), and replaying an orchestrator counts each auction once.
/// Measurements are taken only from this test's own flow of execution, so tests running beside it do not count.
/// Replays share the auction spans' collection: they replay the same histories, and spans are told apart by execution.
/// </summary>
[Collection(ReplayedAuctions.Name)]
public sealed class SplitterMetricsTests
{
    private sealed class Runner(Func<UnitRunRequest, UnitRunResult> run) : ISegmentRunner
    {
        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default) => Task.FromResult(run(request));
    }

    [Fact]
    public async Task Worker_UnitsRun_CountedOncePerAttemptWithRegionAndOutcome()
    {
        using var metrics = new Measurements();
        var region = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var store = new InMemoryStateStore();
        var bus = new InMemoryMessageBus(TimeProvider.System);
        var runner = new Runner(r => r.FunctionId == "bad"
            ? throw new InvalidOperationException("boom")
            : new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>> { ["sum"] = JsonSerializer.SerializeToUtf8Bytes(1) }, false, null));
        var worker = new RegionalWorker(new RegionalWorkerOptions { Region = region }, bus, store, runner, TimeProvider.System, NullLogger<RegionalWorker>.Instance);
        var random = new Random(7);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal) { ["succeeded"] = 0, ["failed"] = 0 };

        for (var i = 0; i < 12; i++)
        {
            var bad = random.Next(3) == 0;
            var execution = $"{(bad ? "bad" : "ok")}{i}";
            await store.PutAsync(StateKeys.Argument(execution, "x"), JsonSerializer.SerializeToUtf8Bytes(1));
            var message = new ReceivedMessage(EngineMessages.ToMessage(Item(execution, region, bad ? "bad" : "f")), QueueNames.Work(region), 1);
            var deliveries = random.Next(1, 3); // a redelivery of a completed attempt does not run it again
            for (var d = 0; d < deliveries; d++)
            {
                await worker.HandleAsync(message, CancellationToken.None);
            }

            expected[bad ? "failed" : "succeeded"]++;
        }

        var units = metrics.Of("splitter.units").Where(m => m.Tags["splitter.region"] as string == region).ToList();
        Assert.Equal(expected["succeeded"], units.Where(m => m.Tags["splitter.outcome"] as string == "succeeded").Sum(m => m.Value));
        Assert.Equal(expected["failed"], units.Where(m => m.Tags["splitter.outcome"] as string == "failed").Sum(m => m.Value));
        var durations = metrics.Of("splitter.unit.duration").Where(m => m.Tags["splitter.region"] as string == region).ToList();
        Assert.Equal(12, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
    }

    public static TheoryData<string> Histories() => [.. RecordedHistory.Names()];

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_RecordedHistory_CountsEachAuctionOnce(string name)
    {
        var history = RecordedHistory.Load(name);
        using var metrics = new Measurements();

        // Every turn as it first ran, then the whole history once more as a replay: only the first pass counts.
        for (var k = 0; k < history.Episodes.Count; k++)
        {
            ReplayRunner.RunEpisode(history, Traced(), k);
        }

        var counted = metrics.Of("splitter.auctions").Sum(m => m.Value);
        var last = history.Episodes[^1];
        ReplayRunner.Run(history, Traced(), history.Events.Take(last.Start + last.Events.Count), []);

        var dispatches = history.Events.Count(e => e.TaskScheduled is { Name: "DispatchUnitsActivity" })
            + history.Response.Actions.Count(a => a.ScheduleTask is { Name: "DispatchUnitsActivity" });
        Assert.True(dispatches > 0, $"{name} dispatches nothing");
        Assert.Equal(dispatches, counted);
        Assert.Equal(counted, metrics.Of("splitter.auctions").Sum(m => m.Value));
        Assert.All(metrics.Of("splitter.auctions"), m => Assert.Contains(m.Tags["splitter.outcome"] as string, new[] { "placed", "partial", "unplaced" }));
    }

    [Fact]
    public void RegionObserved_DeclinedOnlyWhenThereIsSome_GaugesAlways()
    {
        using var metrics = new Measurements();
        var region = "observed-" + Guid.NewGuid().ToString("N")[..8];

        SplitterMetrics.RegionObserved(region, instances: 3, backlog: 17, declined: 0);
        SplitterMetrics.RegionObserved(region, instances: 4, backlog: 2, declined: 5);

        Assert.Equal([3L, 4L], metrics.Of("splitter.instances").Select(m => m.Value));
        Assert.Equal([17L, 2L], metrics.Of("splitter.queue.backlog").Select(m => m.Value));
        Assert.Equal([5L], metrics.Of("splitter.bids.declined").Select(m => m.Value));
    }

    private static ExecutePlanOrchestrator Traced() => new(new TracingComputeMarket(new PlanRegionMarket()));

    private static WorkItem Item(string execution, string region, string function) => new()
    {
        ExecutionId = execution,
        InstanceId = execution,
        FunctionId = function,
        UnitId = 1,
        Attempt = 1,
        Segments = [0],
        Inputs = [new UnitInput("x", null)],
        Outputs = ["sum"],
        Region = region,
        TimeoutSeconds = 30,
    };

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Measurements of the Serverless.Splitter meter made in this test's flow of execution (an AsyncLocal scope).</summary>
    private sealed class Measurements : IDisposable
    {
        private static readonly AsyncLocal<object?> Scope = new();
        private readonly object _scope = new();
        private readonly MeterListener _listener = new();
        private readonly List<Measurement> _seen = [];

        public Measurements()
        {
            Scope.Value = _scope;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SplitterMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (!ReferenceEquals(Scope.Value, _scope))
            {
                return;
            }

            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var t in tags)
            {
                copy[t.Key] = t.Value;
            }

            lock (_seen)
            {
                _seen.Add(new Measurement(instrument.Name, value, copy));
            }
        }

        public IReadOnlyList<Measurement> Of(string instrument)
        {
            lock (_seen)
            {
                return [.. _seen.Where(m => m.Instrument == instrument)];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>Tests that replay the recorded histories with a traced market run one at a time (their spans would mix).</summary>
[CollectionDefinition(Name)]
public sealed class ReplayedAuctions
{
    public const string Name = "replayed auctions";
}
