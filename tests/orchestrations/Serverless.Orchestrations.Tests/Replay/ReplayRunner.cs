using Google.Protobuf;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Grpc;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>
/// Replays history through the SDK's own replay path (<see cref="GrpcOrchestrationRunner"/>, the code a gRPC worker
/// runs for each work item): past events are replayed and checked against what the orchestrator schedules; the new
/// events move it on; the answer is the actions it takes next.
/// </summary>
public static class ReplayRunner
{
    public static P.OrchestratorResponse Run(RecordedHistory history, ITaskOrchestrator orchestrator, IEnumerable<P.HistoryEvent> pastEvents, IEnumerable<P.HistoryEvent> newEvents)
    {
        ArgumentNullException.ThrowIfNull(history);
        var request = history.Request.Clone();
        request.PastEvents.Clear();
        request.NewEvents.Clear();
        request.PastEvents.AddRange(pastEvents);
        request.NewEvents.AddRange(newEvents);
        var encoded = GrpcOrchestrationRunner.LoadAndRun(Convert.ToBase64String(request.ToByteArray()), orchestrator, services: null);
        return P.OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(encoded));
    }

    /// <summary>The turn for one episode: everything before it as past events, its inputs as new events.</summary>
    public static P.OrchestratorResponse RunEpisode(RecordedHistory history, ITaskOrchestrator orchestrator, int episode)
    {
        ArgumentNullException.ThrowIfNull(history);
        var e = history.Episodes[episode];
        return Run(history, orchestrator, history.Events.Take(e.Start), e.Inputs);
    }

    /// <summary>The failure the orchestrator reported, if it completed as failed (how a non-determinism error shows).</summary>
    public static P.TaskFailureDetails? Failure(P.OrchestratorResponse response) =>
        response?.Actions.Select(a => a.CompleteOrchestration).FirstOrDefault(c => c is { OrchestrationStatus: P.OrchestrationStatus.Failed })?.FailureDetails;
}
