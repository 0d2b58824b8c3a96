namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>Re-records the histories under Replay/Histories (only with SERVERLESS_RECORD_HISTORIES=1): run
/// <c>SERVERLESS_RECORD_HISTORIES=1 dotnet test ... --filter HistoryRecordingTests</c>, then commit the files.</summary>
public sealed class HistoryRecordingTests
{
    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Histories");

    [SkippableFact]
    public async Task Record_FanOutJoinWithRetry_WritesReplayableHistory()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("SERVERLESS_RECORD_HISTORIES") == "1", "Set SERVERLESS_RECORD_HISTORIES=1 to re-record.");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (plan, runner) = HistoryRecorder.FanOutJoinWithRetry("replay-fanout-retry");

        var history = await HistoryRecorder.RecordAsync("fanout-join-retry", plan, runner, cts.Token);

        Assert.Contains(history.Response.Actions, a => a.CompleteOrchestration?.OrchestrationStatus == Microsoft.DurableTask.Protobuf.OrchestrationStatus.Completed);
        Assert.Contains(history.Events, e => e.TimerCreated is not null);
        Directory.CreateDirectory(SourceDirectory());
        await File.WriteAllTextAsync(Path.Combine(SourceDirectory(), history.Name + ".json"), history.ToJson(), cts.Token);
    }
}
