using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>Records the current plan version's histories under Replay/Histories/v{version} (only with SERVERLESS_RECORD_HISTORIES=1): run
/// <c>SERVERLESS_RECORD_HISTORIES=1 dotnet test ... --filter HistoryRecordingTests</c>, then commit the files.</summary>
public sealed class HistoryRecordingTests
{
    /// <summary>Recordings go to the current plan version's folder; older versions' folders are never rewritten.</summary>
    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Histories", "v" + Serverless.Contracts.Plans.ExecutionPlan.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<RecordedHistory> RecordAsync(string name, (Serverless.Contracts.Plans.ExecutionPlan Plan, Serverless.Orchestrations.Ports.ISegmentRunner Runner) scenario)
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("SERVERLESS_RECORD_HISTORIES") == "1", "Set SERVERLESS_RECORD_HISTORIES=1 to re-record.");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var history = await HistoryRecorder.RecordAsync(name, scenario.Plan, scenario.Runner, cts.Token);
        Directory.CreateDirectory(SourceDirectory());
        await File.WriteAllTextAsync(Path.Combine(SourceDirectory(), history.Name + ".json"), history.ToJson(), cts.Token);
        return history;
    }

    private static P.CompleteOrchestrationAction Completion(RecordedHistory history) =>
        history.Response.Actions.Single(a => a.CompleteOrchestration is not null).CompleteOrchestration;

    [SkippableFact]
    public async Task Record_FanOutJoinWithRetry_WritesReplayableHistory()
    {
        var history = await RecordAsync("fanout-join-retry", HistoryRecorder.FanOutJoinWithRetry("replay-fanout-retry"));

        Assert.Equal(P.OrchestrationStatus.Completed, Completion(history).OrchestrationStatus);
        Assert.Contains(history.Events, e => e.TimerCreated is not null);
    }

    [SkippableFact]
    public async Task Record_ChainAcrossGenerations_WritesLastGeneration()
    {
        var history = await RecordAsync("chain-continue-as-new", HistoryRecorder.ChainAcrossGenerations("replay-chain"));

        Assert.Equal(P.OrchestrationStatus.Completed, Completion(history).OrchestrationStatus);
        Assert.Contains("\"Checkpoint\":{", history.Started.Input, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Record_RetriesExhausted_WritesFailedHistory()
    {
        var history = await RecordAsync("retries-exhausted", HistoryRecorder.RetriesExhausted("replay-fails"));

        Assert.Equal(P.OrchestrationStatus.Failed, Completion(history).OrchestrationStatus);
    }
}
