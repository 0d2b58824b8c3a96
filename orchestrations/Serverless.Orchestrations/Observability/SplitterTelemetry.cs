using System.Diagnostics;

namespace Serverless.Orchestrations.Observability;

/// <summary>
/// The engine's <see cref="ActivitySource"/> ("Serverless.Splitter") with spans plan, auction, dispatch and unit;
/// trace context travels in work items and completions (W3C traceparent/tracestate) so one trace follows a call.
/// </summary>
public static class SplitterTelemetry
{
    public const string SourceName = "Serverless.Splitter";

    public static ActivitySource Source { get; } = new(SourceName, "1.0.0");

    /// <summary>The span of planning one call (a root, or a child of the current span such as an HTTP request).</summary>
    public static Activity? StartPlan(string functionId)
        => Source.StartActivity("plan", ActivityKind.Internal)?.SetTag("splitter.function", functionId);

    /// <summary>
    /// Records a finished auction as a span with the given start and end (orchestration time, so the span is the same
    /// on every replay; callers record it only when not replaying). A span is at least one tick long.
    /// </summary>
    public static Activity? RecordAuction(string executionId, int units, string? parentTraceParent, DateTime startUtc, DateTime endUtc)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc));
        var end = new DateTimeOffset(DateTime.SpecifyKind(endUtc, DateTimeKind.Utc));
        var activity = parentTraceParent is not null && ActivityContext.TryParse(parentTraceParent, null, out var parent)
            ? Source.StartActivity("auction", ActivityKind.Internal, parent, startTime: start)
            : Source.StartActivity("auction", ActivityKind.Internal, default(ActivityContext), startTime: start);
        activity?.SetTag("splitter.execution", executionId).SetTag("splitter.units", units);
        activity?.SetEndTime((end > start ? end : start.AddTicks(1)).UtcDateTime);
        return activity;
    }

    public static Activity? StartDispatch(string executionId, int units, string? parentTraceParent)
        => Start("dispatch", ActivityKind.Producer, parentTraceParent)?
            .SetTag("splitter.execution", executionId).SetTag("splitter.units", units);

    public static Activity? StartUnit(string executionId, int unit, int attempt, string region, string? parentTraceParent, string? traceState)
        => Start("unit", ActivityKind.Consumer, parentTraceParent, traceState)?
            .SetTag("splitter.execution", executionId).SetTag("splitter.unit", unit)
            .SetTag("splitter.attempt", attempt).SetTag("splitter.region", region);

    public static Activity? StartCompletion(string executionId, int unit, string? parentTraceParent)
        => Start("complete", ActivityKind.Consumer, parentTraceParent)?
            .SetTag("splitter.execution", executionId).SetTag("splitter.unit", unit);

    /// <summary>The traceparent of the current span, or the given fallback when there is none.</summary>
    public static string? CurrentTraceParent(string? fallback = null) => Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : fallback;

    private static Activity? Start(string name, ActivityKind kind, string? traceParent, string? traceState = null)
    {
        if (traceParent is not null && ActivityContext.TryParse(traceParent, traceState, out var parent))
        {
            return Source.StartActivity(name, kind, parent);
        }

        return Source.StartActivity(name, kind);
    }
}
