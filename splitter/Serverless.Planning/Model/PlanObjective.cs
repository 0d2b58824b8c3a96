namespace Serverless.Planning.Model;

/// <summary>What the planner minimises: cost plus <see cref="LatencyWeight"/> (currency per second of makespan), with an optional deadline.</summary>
public sealed record PlanObjective(double LatencyWeight, double? DeadlineMs = null);
