using System.Diagnostics;
using System.Text.Json;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Tests.Replay;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Observability;

/// <summary>
/// The auction span of <see cref="TracingComputeMarket"/> is replay-safe: replaying the recorded histories of
/// <see cref="ExecutePlanOrchestrator"/> turn by turn through the SDK's replay path records exactly one span per auction
/// the orchestrator actually ran (with the plan-region market every auction dispatches one batch), stamped with the
/// orchestration time of the turn it ran in; a turn replayed again records nothing new.
/// </summary>
[Collection(ReplayedAuctions.Name)]
public sealed class TracingComputeMarketReplayTests
{
    public static TheoryData<string> Histories() => [.. RecordedHistory.Names()];

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_EveryTurn_OneAuctionSpanPerAuctionRun(string name)
    {
        var history = RecordedHistory.Load(name);
        var executionId = ExecutionIdOf(history);
        using var spans = new AuctionSpans(executionId);

        for (var k = 0; k < history.Episodes.Count; k++)
        {
            var before = spans.Count;
            var response = ReplayRunner.RunEpisode(history, Traced(), k);
            if (k < history.Episodes.Count - 1)
            {
                Assert.Null(ReplayRunner.Failure(response)); // the last turn of retries-exhausted fails by design
            }

            var episode = history.Episodes[k];
            var dispatches = TurnDispatches(history, k);
            var recorded = spans.Since(before);
            Assert.True(dispatches.Count == recorded.Count, $"{name}, turn {k}: {dispatches.Count} auctions ran, {recorded.Count} auction spans recorded");
            var turnTime = episode.Inputs.First(e => e.OrchestratorStarted is not null).Timestamp.ToDateTime();
            for (var i = 0; i < recorded.Count; i++)
            {
                Assert.Equal(turnTime, recorded[i].StartTimeUtc);
                Assert.True(recorded[i].Duration > TimeSpan.Zero);
                Assert.Equal(string.Join(",", dispatches[i]), recorded[i].GetTagItem("splitter.unit_ids"));
                Assert.Equal(dispatches[i].Count, recorded[i].GetTagItem("splitter.reserved"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_SameTurnTwice_RecordsItsAuctionsOnce(string name)
    {
        var history = RecordedHistory.Load(name);
        using var spans = new AuctionSpans(ExecutionIdOf(history));
        var busiest = Enumerable.Range(0, history.Episodes.Count - 1).MaxBy(k => TurnDispatches(history, k).Count);
        var episode = history.Episodes[busiest];
        var expected = TurnDispatches(history, busiest).Count;
        Assert.True(expected > 0, $"{name}: no turn dispatches anything");

        // First as the new turn, then with that turn in the past (what every later turn does): only the first records.
        ReplayRunner.RunEpisode(history, Traced(), busiest);
        var afterFirst = spans.Count;
        ReplayRunner.Run(history, Traced(), history.Events.Take(episode.Start + episode.Events.Count), history.Episodes[busiest + 1].Inputs);

        Assert.Equal(expected, afterFirst);
        Assert.Equal(afterFirst + TurnDispatches(history, busiest + 1).Count, spans.Count);
    }

    private static ExecutePlanOrchestrator Traced() => new(new TracingComputeMarket(new PlanRegionMarket()));

    private static string ExecutionIdOf(RecordedHistory history)
    {
        using var doc = JsonDocument.Parse(history.Started.Input);
        return doc.RootElement.GetProperty("ExecutionId").GetString()!;
    }

    /// <summary>The unit ids of each dispatch batch a turn scheduled (the last turn's are in the recorded response).</summary>
    private static List<List<int>> TurnDispatches(RecordedHistory history, int k) =>
        k == history.Episodes.Count - 1 ? Dispatches(ResponseDispatches(history)) : Dispatches(history.Episodes[k].Outputs);

    /// <summary>The unit ids of each dispatch batch scheduled, in order.</summary>
    private static List<List<int>> Dispatches(IEnumerable<P.HistoryEvent> outputs) =>
        [.. outputs.Where(e => e.TaskScheduled is { Name: "DispatchUnitsActivity" }).Select(e => UnitIds(e.TaskScheduled.Input))];

    private static IEnumerable<P.HistoryEvent> ResponseDispatches(RecordedHistory history) =>
        history.Response.Actions.Where(a => a.ScheduleTask is { Name: "DispatchUnitsActivity" })
            .Select(a => new P.HistoryEvent { TaskScheduled = new P.TaskScheduledEvent { Name = a.ScheduleTask.Name, Input = a.ScheduleTask.Input } });

    private static List<int> UnitIds(string input)
    {
        using var doc = JsonDocument.Parse(input);
        var request = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
        return [.. request.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("UnitId").GetInt32())];
    }

    /// <summary>Auction spans of one execution, in the order they ended.</summary>
    private sealed class AuctionSpans : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _spans = [];

        public AuctionSpans(string executionId)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == SplitterTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.OperationName == "auction" && (a.GetTagItem("splitter.execution") as string) == executionId)
                    {
                        lock (_spans)
                        {
                            _spans.Add(a);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count
        {
            get
            {
                lock (_spans)
                {
                    return _spans.Count;
                }
            }
        }

        public List<Activity> Since(int index)
        {
            lock (_spans)
            {
                return [.. _spans.Skip(index)];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
