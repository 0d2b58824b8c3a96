using Serverless.Contracts.Plans;

namespace Serverless.Planning.Model;

/// <summary>
/// Where and how one call runs: the units in topological order, what it costs, its makespan and its objective;
/// <see cref="Algorithm"/> names the solver (<c>exact</c>, <c>chain-dp</c>, <c>heuristic</c>, or <c>given</c> for an evaluated partition).
/// </summary>
public sealed record Plan(
    string Algorithm,
    IReadOnlyList<ScheduledUnit> Units,
    PlanCost Cost,
    double MakespanMs,
    double Objective,
    double Penalty,
    int ResultUnit);
