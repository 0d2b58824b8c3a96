namespace Serverless.Orchestrations.Contracts;

/// <summary>A unit chosen by a planner (or by `--units every|one`): its segments and the region it runs in.</summary>
public sealed record UnitPlacement(IReadOnlyList<int> Segments, string Region);
