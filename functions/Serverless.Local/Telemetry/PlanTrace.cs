using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Observability;

namespace Serverless.Local.Telemetry;

/// <summary>
/// For callers that planned before they built the engine plan (the demo): a <c>plan</c> span for the execution,
/// ended at once, whose trace context the returned plan carries, so the execution's spans form one trace under it.
/// </summary>
public static class PlanTrace
{
    public static ExecutionPlan Stamp(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var span = SplitterTelemetry.StartPlan(plan.FunctionId);
        span?.SetTag("splitter.execution", plan.ExecutionId).SetTag("splitter.units", plan.Units.Count)
            .SetTag("splitter.regions", string.Join(",", plan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal)));
        return plan with { TraceParent = SplitterTelemetry.CurrentTraceParent(plan.TraceParent) };
    }
}
