using System.Text.Json;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Orchestrators;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>
/// Replays the recorded histories of <see cref="ExecutePlanOrchestrator"/> (Replay/Histories, recorded on the
/// in-process engine by <see cref="HistoryRecordingTests"/>) through the SDK's replay path.
/// </summary>
public sealed class ExecutePlanReplayTests
{
    public static TheoryData<string> Histories()
    {
        var data = new TheoryData<string>();
        foreach (var name in RecordedHistory.Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Histories_AreRecorded_FanOutJoinWithRetryPresent()
    {
        var history = RecordedHistory.Load("fanout-join-retry");

        // What the recording is meant to cover: a fan-out dispatch, a retry behind a backoff timer, many turns.
        Assert.Contains(history.Events, e => e.TimerCreated is not null);
        Assert.Contains(history.Events, e => e.TimerFired is not null);
        Assert.Contains(history.Events, e => e.TaskScheduled is { Name: "DispatchUnitsActivity" } t && t.Input.Contains("\"UnitId\":3", StringComparison.Ordinal) && t.Input.Contains("\"UnitId\":1", StringComparison.Ordinal));
        Assert.True(history.Episodes.Count >= 8, $"expected many orchestrator turns, got {history.Episodes.Count}");
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_EveryEpisode_TakesExactlyTheRecordedActions(string name)
    {
        var history = RecordedHistory.Load(name);
        for (var k = 0; k < history.Episodes.Count; k++)
        {
            var response = ReplayRunner.RunEpisode(history, new ExecutePlanOrchestrator(), k);

            Assert.Null(ReplayRunner.Failure(response));
            if (k == history.Episodes.Count - 1)
            {
                Assert.Equal(history.Response.Actions, response.Actions);
                continue;
            }

            var expected = history.Episodes[k].Outputs;
            Assert.True(expected.Count == response.Actions.Count, $"{name}, turn {k}: recorded {expected.Count} actions, replay took {response.Actions.Count}: {response.Actions}");
            for (var i = 0; i < expected.Count; i++)
            {
                AssertSameAction(expected[i], response.Actions[i], $"{name}, turn {k}, action {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_WholeHistory_CompletesWithTheRecordedResult(string name)
    {
        var history = RecordedHistory.Load(name);
        var last = history.Episodes[^1];

        var response = ReplayRunner.Run(history, new ExecutePlanOrchestrator(), history.Events.Take(last.Start), last.Events);

        var complete = Assert.Single(response.Actions, a => a.CompleteOrchestration is not null).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.Completed, complete.OrchestrationStatus);
        Assert.Equal(history.Response.Actions.Single(a => a.CompleteOrchestration is not null).CompleteOrchestration.Result, complete.Result);
    }

    [Fact]
    public void Replay_FanOutJoinWithRetry_ResultIsTheScenarioValue()
    {
        var history = RecordedHistory.Load("fanout-join-retry");
        var last = history.Episodes[^1];

        var response = ReplayRunner.Run(history, new ExecutePlanOrchestrator(), history.Events.Take(last.Start), last.Events);

        var result = JsonSerializer.Deserialize<ExecutionResult>(response.Actions.Single(a => a.CompleteOrchestration is not null).CompleteOrchestration.Result)!;
        // x = 5; units 1..3 write v0 + id; unit 4 returns v1 + v2 + v3 + 4 = 6 + 7 + 8 + 4.
        Assert.Equal(25, result.Result!.Value.GetInt64());
        Assert.Equal(4, result.ReturnedBy);
        Assert.Equal([1, 1, 2, 1, 1], result.Units.OrderBy(u => u.Id).Select(u => u.Attempts));
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_OrchestratorSchedulingAnotherActivityFirst_ReportsNonDeterminism(string name)
    {
        var history = RecordedHistory.Load(name);
        var last = history.Episodes[^1];

        var response = ReplayRunner.Run(history, new AuditFirstOrchestrator(), history.Events.Take(last.Start), last.Events);

        var failure = ReplayRunner.Failure(response);
        Assert.NotNull(failure);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Replay_OrchestratorSkippingAStep_ReportsNonDeterminism(string name)
    {
        var history = RecordedHistory.Load(name);
        var last = history.Episodes[^1];

        var response = ReplayRunner.Run(history, new SkipStoreArgumentsOrchestrator(), history.Events.Take(last.Start), last.Events);

        var failure = ReplayRunner.Failure(response);
        Assert.NotNull(failure);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
    }

    private static void AssertSameAction(P.HistoryEvent recorded, P.OrchestratorAction action, string where)
    {
        Assert.True(recorded.EventId == action.Id, $"{where}: recorded event id {recorded.EventId}, replay action id {action.Id}");
        switch (recorded.EventTypeCase)
        {
            case P.HistoryEvent.EventTypeOneofCase.TaskScheduled:
                Assert.True(action.ScheduleTask is not null, $"{where}: recorded {recorded.TaskScheduled.Name}, replay did {action}");
                Assert.Equal(recorded.TaskScheduled.Name, action.ScheduleTask.Name);
                Assert.Equal(recorded.TaskScheduled.Input, action.ScheduleTask.Input);
                break;
            case P.HistoryEvent.EventTypeOneofCase.TimerCreated:
                Assert.True(action.CreateTimer is not null, $"{where}: recorded a timer, replay did {action}");
                Assert.Equal(recorded.TimerCreated.FireAt, action.CreateTimer.FireAt);
                break;
            case P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCreated:
                Assert.True(action.CreateSubOrchestration is not null, $"{where}: recorded a sub-orchestration, replay did {action}");
                Assert.Equal(recorded.SubOrchestrationInstanceCreated.Name, action.CreateSubOrchestration.Name);
                break;
            default:
                Assert.Fail($"{where}: unexpected recorded output {recorded}");
                break;
        }
    }
}
