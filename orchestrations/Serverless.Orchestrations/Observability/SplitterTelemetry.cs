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

    public static Activity? StartPlan(string functionId)
        => Source.StartActivity("plan", ActivityKind.Internal)?.SetTag("splitter.function", functionId);

    public static Activity? StartAuction(string executionId, int units, string? parentTraceParent)
        => Start("auction", ActivityKind.Internal, parentTraceParent)?
            .SetTag("splitter.execution", executionId).SetTag("splitter.units", units);

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
