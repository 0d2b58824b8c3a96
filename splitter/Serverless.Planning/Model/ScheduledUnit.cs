namespace Serverless.Planning.Model;

/// <summary>
/// One unit as the planner placed and scheduled it (not the engine's wire <c>PlanUnit</c>): its segments (run in source order in one process), its region, the units it waits for,
/// its predicted schedule (ms from the call) and compute cost, and the parameters it reads from the arguments.
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
    IReadOnlyList<string> Inputs);
