using System.Text.Json;
using Serverless.Contracts.Plans;
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

    /// <summary>Every plan version this engine runs, each with its recorded histories.</summary>
    public static TheoryData<int> Versions()
    {
        var data = new TheoryData<int>();
        for (var v = 1; v <= ExecutionPlan.CurrentVersion; v++)
        {
            data.Add(v);
        }

        return data;
    }

    private static string Scenario(int version, string scenario) =>
        "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + scenario;

    [Fact]
    public void Histories_AreRecorded_AllScenariosOfEveryVersionPresent()
    {
        string[] scenarios = ["chain-continue-as-new", "fanout-join-retry", "retries-exhausted"];
        var expected = Enumerable.Range(1, ExecutionPlan.CurrentVersion).SelectMany(v => scenarios.Select(s => Scenario(v, s))).Order(StringComparer.Ordinal);

        Assert.Equal(expected, RecordedHistory.Names());
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public void Histories_StartedAtTheirFoldersVersion(string name)
    {
        // Version 1 histories were recorded before plans carried a version: their input has none, which reads as 1.
        var plan = JsonSerializer.Deserialize<ExecutionPlan>(RecordedHistory.Load(name).Started.Input)!;

        Assert.Equal(RecordedHistory.VersionOf(name), plan.Version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Histories_FanOutJoinWithRetry_CoversFanOutRetryAndManyTurns(int version)
    {
        var history = RecordedHistory.Load(Scenario(version, "fanout-join-retry"));

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

            if (k == history.Episodes.Count - 1)
            {
                // The last turn ends the execution exactly as recorded (success, or the recorded failure).
                Assert.Equal(WithoutStackTraces(history.Response.Actions), WithoutStackTraces(response.Actions));
                continue;
            }

            Assert.Null(ReplayRunner.Failure(response));

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
    public void Replay_WholeHistory_EndsAsRecorded(string name)
    {
        var history = RecordedHistory.Load(name);

        var complete = Completion(Final(history, new ExecutePlanOrchestrator()));

        var recorded = history.Response.Actions.Single(a => a.CompleteOrchestration is not null).CompleteOrchestration;
        Assert.Equal(recorded.OrchestrationStatus, complete.OrchestrationStatus);
        Assert.Equal(recorded.Result, complete.Result);
        Assert.Equal(recorded.FailureDetails?.ErrorType, complete.FailureDetails?.ErrorType);
        Assert.Equal(recorded.FailureDetails?.ErrorMessage, complete.FailureDetails?.ErrorMessage);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Replay_ChainAcrossGenerations_ResumesFromCheckpointToTheScenarioValue(int version)
    {
        var history = RecordedHistory.Load(Scenario(version, "chain-continue-as-new"));

        var result = JsonSerializer.Deserialize<ExecutionResult>(Completion(Final(history, new ExecutePlanOrchestrator())).Result)!;

        // x = 5; unit i writes v(i-1) + i: 5, 6, 8, 11, 15.
        Assert.Equal(15, result.Result!.Value.GetInt64());
        Assert.True(result.Generations >= 2, $"expected the recorded generation to be a continuation, got generation {result.Generations}");
        Assert.Equal(5, result.Units.Count);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Replay_RetriesExhausted_FailsWithTheSegmentError(int version)
    {
        var history = RecordedHistory.Load(Scenario(version, "retries-exhausted"));

        var complete = Completion(Final(history, new ExecutePlanOrchestrator()));

        Assert.Equal(P.OrchestrationStatus.Failed, complete.OrchestrationStatus);
        var inner = complete.FailureDetails.InnerFailure ?? complete.FailureDetails;
        Assert.Equal("System.InvalidOperationException", inner.ErrorType);
        Assert.Contains("unit 1 always fails", inner.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Replay_FanOutJoinWithRetry_ResultIsTheScenarioValue(int version)
    {
        var history = RecordedHistory.Load(Scenario(version, "fanout-join-retry"));

        var result = JsonSerializer.Deserialize<ExecutionResult>(Completion(Final(history, new ExecutePlanOrchestrator())).Result)!;
        // x = 5; units 1..3 write v0 + id; unit 4 returns v1 + v2 + v3 + 4 = 6 + 7 + 8 + 4.
        Assert.Equal(25, result.Result!.Value.GetInt64());
        Assert.Equal(4, result.ReturnedBy);
        Assert.Equal([1, 1, 2, 1, 1], result.Units.OrderBy(u => u.Id).Select(u => u.Attempts));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Replay_HistoryBeforeVersionFour_ResultCarriesNoReplans(int version)
    {
        // Results of executions started before re-plans existed serialise exactly as recorded: no replans field.
        var history = RecordedHistory.Load(Scenario(version, "fanout-join-retry"));

        var json = Completion(Final(history, new ExecutePlanOrchestrator())).Result;

        Assert.DoesNotContain("Replans", json, StringComparison.Ordinal);
        Assert.Null(JsonSerializer.Deserialize<ExecutionResult>(json)!.Replans);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Replay_VersionFourOnHistory_EveryUnitInItsPlannedRegionAndNoReplans(int version)
    {
        var history = RecordedHistory.Load(Scenario(version, "fanout-join-retry"));
        var plan = JsonSerializer.Deserialize<ExecutionPlan>(history.Started.Input)!;

        var result = JsonSerializer.Deserialize<ExecutionResult>(Completion(Final(history, new ExecutePlanOrchestrator())).Result)!;

        Assert.Empty(result.Replans!);
        // Each attempt's planned region: the plan's region, then its fallbacks in turn (a retry may be planned elsewhere).
        Assert.All(result.Units, u =>
        {
            var unit = plan.Units.Single(p => p.Id == u.Id);
            string[] regions = [unit.Region, .. unit.FallbackRegions.Where(r => r != unit.Region)];
            Assert.Equal(regions[(u.Attempts - 1) % regions.Length], u.Region);
        });
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

    [Fact]
    public void Replay_OrchestratorSkippingAStep_ReportsNonDeterminism()
    {
        // Only a first generation of version 1 stores the arguments in a step of its own, so only there does skipping
        // that step change which tasks are scheduled (version 2's first dispatch input changes instead; the per-turn
        // comparison of inputs above is what catches that).
        var history = RecordedHistory.Load(Scenario(1, "fanout-join-retry"));
        var last = history.Episodes[^1];

        var response = ReplayRunner.Run(history, new SkipStoreArgumentsOrchestrator(), history.Events.Take(last.Start), last.Events);

        var failure = ReplayRunner.Failure(response);
        Assert.NotNull(failure);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_VersionOneHistory_StoresArgumentsOnItsOwnBeforeTheFirstAuction()
    {
        var history = RecordedHistory.Load(Scenario(1, "fanout-join-retry"));

        var scheduled = history.Events.Where(e => e.TaskScheduled is not null).Select(e => e.TaskScheduled).ToList();
        Assert.Equal("StoreArgumentsActivity", scheduled[0].Name);
        Assert.DoesNotContain(scheduled, t => t.Name == "DispatchUnitsActivity" && t.Input.Contains("\"Arguments\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_VersionTwoHistory_FirstDispatchStoresTheArguments()
    {
        var history = RecordedHistory.Load(Scenario(2, "fanout-join-retry"));

        var scheduled = history.Events.Where(e => e.TaskScheduled is not null).Select(e => e.TaskScheduled).ToList();
        Assert.DoesNotContain(scheduled, t => t.Name == "StoreArgumentsActivity");
        var dispatches = scheduled.Where(t => t.Name == "DispatchUnitsActivity").ToList();
        Assert.Contains("\"Arguments\":{\"x\":5}", dispatches[0].Input, StringComparison.Ordinal);
        Assert.All(dispatches.Skip(1), t => Assert.DoesNotContain("\"Arguments\"", t.Input, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fanout-join-retry")]
    [InlineData("retries-exhausted")]
    public void Replay_VersionOneHistoryReadAsCurrentVersion_ReportsNonDeterminism(string scenario)
    {
        // What the version gate protects: were an execution started by version 1 to take the current version's path
        // after a deploy, its recorded history would no longer replay.
        var history = RecordedHistory.Load(Scenario(1, scenario));
        var last = history.Episodes[^1];
        var events = history.Events.Select(e => e.Clone()).ToList();
        var started = events.First(e => e.ExecutionStarted is not null).ExecutionStarted;
        var plan = JsonSerializer.Deserialize<ExecutionPlan>(started.Input)! with { Version = ExecutionPlan.CurrentVersion };
        started.Input = JsonSerializer.Serialize(plan);

        var response = ReplayRunner.Run(history, new ExecutePlanOrchestrator(), events.Take(last.Start), events.Skip(last.Start));

        var failure = ReplayRunner.Failure(response);
        Assert.NotNull(failure);
        Assert.Contains("NonDeterministic", failure.ErrorType, StringComparison.Ordinal);
    }

    private static P.OrchestratorResponse Final(RecordedHistory history, Microsoft.DurableTask.ITaskOrchestrator orchestrator)
    {
        var last = history.Episodes[^1];
        return ReplayRunner.Run(history, orchestrator, history.Events.Take(last.Start), last.Events);
    }

    private static P.CompleteOrchestrationAction Completion(P.OrchestratorResponse response) =>
        Assert.Single(response.Actions, a => a.CompleteOrchestration is not null).CompleteOrchestration;

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

    /// <summary>
    /// The actions without the failure stack traces: those name the source path and line of the orchestrator, which
    /// differ between checkouts and edits and say nothing about determinism.
    /// </summary>
    private static List<P.OrchestratorAction> WithoutStackTraces(IEnumerable<P.OrchestratorAction> actions)
    {
        var copies = actions.Select(a => a.Clone()).ToList();
        foreach (var action in copies)
        {
            for (var failure = action.CompleteOrchestration?.FailureDetails; failure is not null; failure = failure.InnerFailure)
            {
                failure.StackTrace = null;
            }
        }

        return copies;
    }
}
