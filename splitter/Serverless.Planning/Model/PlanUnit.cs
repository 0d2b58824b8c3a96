namespace Serverless.Planning.Model;

/// <summary>
/// One unit of a plan: its segments (run in source order in one process), its region, the units it waits for,
/// its predicted schedule (ms from the call) and compute cost, and the parameters it reads from the arguments.
/// </summary>
public sealed record PlanUnit(
    int Id,
    IReadOnlyList<int> Segments,
    string Region,
    IReadOnlyList<int> DependsOn,
    double StartMs,
    double FinishMs,
    double DurationMs,
    double ComputeCost,
    IReadOnlyList<string> Inputs);
