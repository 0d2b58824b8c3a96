using Serverless.Contracts.Plans;

namespace Serverless.Api.Planning;

/// <summary>
/// A plan as the planner prints it: the algorithm used, units (segments placed in one region, numbered in
/// topological order), cost, makespan and objective.
/// </summary>
public sealed record PlanPreview(string Algorithm, IReadOnlyList<PreviewUnit> Units, PlanCost Cost, double MakespanMs, double Objective);
