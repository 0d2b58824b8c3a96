using System.Text.Json;
using Google.Protobuf;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Orchestrations.Tests.Replay;

/// <summary>
/// A recorded orchestration: the last work item the engine gave the orchestrator (its whole history as past and new
/// events) and the orchestrator's answer (the actions that finished it). Stored as protobuf JSON. The history is cut
/// into episodes, one per orchestrator turn, each starting with <c>OrchestratorStarted</c>: its inputs are what the
/// engine delivered (start, task results, timers, external events), its outputs what the orchestrator did then.
/// </summary>
public sealed class RecordedHistory
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    public RecordedHistory(string name, P.OrchestratorRequest request, P.OrchestratorResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        Name = name;
        Request = request;
        Response = response;
        Events = [.. request.PastEvents, .. request.NewEvents];
        var episodes = new List<Episode>();
        var start = 0;
        for (var i = 1; i <= Events.Count; i++)
        {
            if (i == Events.Count || Events[i].EventTypeCase == P.HistoryEvent.EventTypeOneofCase.OrchestratorStarted)
            {
                episodes.Add(new Episode(start, [.. Events.Skip(start).Take(i - start)]));
                start = i;
            }
        }

        Episodes = episodes;
    }

    public string Name { get; }

    public P.OrchestratorRequest Request { get; }

    /// <summary>What the orchestrator answered to the last work item (the last episode's outputs).</summary>
    public P.OrchestratorResponse Response { get; }

    public IReadOnlyList<P.HistoryEvent> Events { get; }

    public IReadOnlyList<Episode> Episodes { get; }

    public P.ExecutionStartedEvent Started =>
        Events.FirstOrDefault(e => e.ExecutionStarted is not null)?.ExecutionStarted
        ?? throw new InvalidOperationException($"History '{Name}' has no ExecutionStarted event; re-record it (SERVERLESS_RECORD_HISTORIES=1).");

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    /// <summary>Every recorded history, as <c>v{plan version}/{scenario}</c>: each version's folder is kept for good,
    /// because executions started by that version may still be in flight after a deploy.</summary>
    public static IEnumerable<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(Directory, p)[..^".json".Length].Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
            : [];

    /// <summary>The plan version a history was recorded at (its folder, <c>v{n}</c>).</summary>
    public static int VersionOf(string name) =>
        name.StartsWith('v') && name.IndexOf('/', StringComparison.Ordinal) is > 1 and var slash
            ? int.Parse(name[1..slash], System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentException($"History '{name}' is not under a version folder (v1/, v2/, ...).", nameof(name));

    public static RecordedHistory Load(string name)
    {
        var path = Path.Combine(Directory, name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No recorded history '{name}' at {path}; record it with SERVERLESS_RECORD_HISTORIES=1.", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var request = JsonParser.Default.Parse<P.OrchestratorRequest>(doc.RootElement.GetProperty("request").GetRawText());
        var response = JsonParser.Default.Parse<P.OrchestratorResponse>(doc.RootElement.GetProperty("response").GetRawText());
        return new RecordedHistory(name, request, response);
    }

    public string ToJson() =>
        "{\n\"request\": " + Formatter.Format(Request) + ",\n\"response\": " + Formatter.Format(Response) + "\n}\n";

    public static bool IsInput(P.HistoryEvent e) => e.EventTypeCase is
        P.HistoryEvent.EventTypeOneofCase.OrchestratorStarted or
        P.HistoryEvent.EventTypeOneofCase.ExecutionStarted or
        P.HistoryEvent.EventTypeOneofCase.TaskCompleted or
        P.HistoryEvent.EventTypeOneofCase.TaskFailed or
        P.HistoryEvent.EventTypeOneofCase.TimerFired or
        P.HistoryEvent.EventTypeOneofCase.EventRaised or
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceCompleted or
        P.HistoryEvent.EventTypeOneofCase.SubOrchestrationInstanceFailed or
        P.HistoryEvent.EventTypeOneofCase.ExecutionTerminated;

    /// <summary>One orchestrator turn: the events from <see cref="Start"/> up to the next OrchestratorStarted.</summary>
    public sealed record Episode(int Start, IReadOnlyList<P.HistoryEvent> Events)
    {
        public IReadOnlyList<P.HistoryEvent> Inputs => [.. Events.Where(IsInput)];

        /// <summary>What the orchestrator decided in this turn (the OrchestratorCompleted marker excluded).</summary>
        public IReadOnlyList<P.HistoryEvent> Outputs =>
            [.. Events.Where(e => !IsInput(e) && e.EventTypeCase != P.HistoryEvent.EventTypeOneofCase.OrchestratorCompleted)];
    }
}
