namespace Serverless.Planning.Model;

/// <summary>
/// One unit as the planner placed and scheduled it (not the engine's wire <c>PlanUnit</c>): its segments (run in source order in one process), its region, the units it waits for,
/// its predicted schedule (ms from the call) and compute cost, and the parameters it reads from the arguments.
/// <see cref="FinishMs"/> = <see cref="StartMs"/> + the region's dispatch latency + <see cref="DataReadMs"/> + <see cref="DurationMs"/>.
/// </summary>
public sealed record ScheduledUnit(
    int Id,
    IReadOnlyList<int> Segments,
    string Region,
    IReadOnlyList<int> DependsOn,
    double StartMs,
    double FinishMs,
    double DurationMs,
    double ComputeCost,
    IReadOnlyList<string> Inputs)
{
    /// <summary>Time spent bringing the data its segments read where it lives ([DataSource]) to its region, in ms (0 when none is elsewhere).</summary>
    public double DataReadMs { get; init; }
}
