using Serverless.Contracts.Plans;

namespace Serverless.Planning.Replanning;

/// <summary>
/// What <see cref="RemainderPlanner"/> re-plans: the execution's units (in topological order, each in its current
/// region with its allowed fallbacks), the regions and network, the latency weight, the units whose region and finish
/// are known (<see cref="Fixed"/>: finished, running, or the moved unit on its winning bid), the units not started yet
/// that may be re-placed (<see cref="PendingUnits"/>), the time now (ms since the execution started), regions whose
/// instances declined (not used while another allowed region remains) and start delays seen per region. Times are ms
/// since the execution started.
/// </summary>
public sealed record RemainderProblem
{
    public required IReadOnlyList<PlanUnit> Units { get; init; }

    public required PlanEnvironment Environment { get; init; }

    public double LatencyWeight { get; init; }

    public required IReadOnlyList<FixedUnit> Fixed { get; init; }

    public required IReadOnlyCollection<int> PendingUnits { get; init; }

    public double NowMs { get; init; }

    public IReadOnlyCollection<string> Unavailable { get; init; } = [];

    public IReadOnlyDictionary<string, double> RegionDelayMs { get; init; } = new Dictionary<string, double>();

    /// <summary>Measured sizes of inputs by (unit, variable), replacing the plan's estimates.</summary>
    public IReadOnlyDictionary<(int UnitId, string Variable), double> InputBytes { get; init; } = new Dictionary<(int, string), double>();
}

/// <summary>A unit whose region and finish (ms since the execution started) the re-plan takes as given.</summary>
public sealed record FixedUnit(int UnitId, string Region, double FinishMs);

/// <summary>The re-plan: units moved (not started yet), the re-planned makespan of the whole execution, the makespan
/// had the pending units stayed where they were, and the objective of both (infinite where keeping them is not allowed).</summary>
public sealed record RemainderPlan(IReadOnlyList<ReplacedUnit> Replaced, double MakespanMs, double KeptMakespanMs, double Objective, double KeptObjective);
