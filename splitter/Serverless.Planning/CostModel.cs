using System.Globalization;
using Serverless.Planning.Model;
using Serverless.Planning.Solving;

namespace Serverless.Planning;

/// <summary>
/// Prices an arbitrary partition into units with regions by exactly the model the planner optimises (e.g. every
/// segment its own unit, all in one unit, or a plan re-evaluated with measured work and sizes).
/// </summary>
public static class CostModel
{
    /// <summary>
    /// Evaluates <paramref name="units"/> (each segment in exactly one unit). Throws <see cref="PlanningException"/>
    /// when the request is invalid, the units are not a partition, name an unknown region, or form a cycle;
    /// constraint violations (region not allowed, timeout, deadline) are reported in the result, not thrown.
    /// </summary>
    public static PlanEvaluation Evaluate(PlanRequest request, IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var p = PlanProblem.Compile(request, requireAllowedRegion: false);
        var n = p.SegmentCount;
        var unitOf = new int[n];
        Array.Fill(unitOf, -1);
        var regions = new int[units.Count];
        for (var u = 0; u < units.Count; u++)
        {
            var (segments, region) = units[u];
            if (segments is null || segments.Count == 0)
            {
                throw new PlanningException($"units[{u}].segments: a unit needs at least one segment", $"units[{u}].segments");
            }

            regions[u] = Array.IndexOf(p.RegionNames, region);
            if (regions[u] < 0)
            {
                throw new PlanningException($"units[{u}].region: '{region}' is not one of the regions ({string.Join(", ", p.RegionNames)})", $"units[{u}].region");
            }

            foreach (var s in segments)
            {
                if (s < 0 || s >= n)
                {
                    throw new PlanningException($"units[{u}].segments: {s} is not a segment id (0..{n - 1})", $"units[{u}].segments");
                }

                if (unitOf[s] >= 0)
                {
                    throw new PlanningException($"units[{u}].segments: segment {s} is already in unit {unitOf[s]}", $"units[{u}].segments");
                }

                unitOf[s] = u;
            }
        }

        var missing = Array.IndexOf(unitOf, -1);
        if (missing >= 0)
        {
            throw new PlanningException($"units: segment {missing} is in no unit; every segment must be in exactly one", "units");
        }

        var evaluator = new Evaluator(p);
        var e = evaluator.Evaluate(unitOf, regions, n, true);
        if (e.Cyclic)
        {
            throw new PlanningException("units: the units depend on each other in a cycle; a unit runs its segments in one go, so split them differently", "units");
        }

        var plan = evaluator.BuildPlan(PlanAlgorithms.Given, e);
        var violations = new List<string>();
        if (!p.Splittable && units.Count > 1)
        {
            violations.Add("graph: the function has error diagnostics and must run as one unit");
        }

        foreach (var unit in plan.Units)
        {
            var r = Array.IndexOf(p.RegionNames, unit.Region);
            if (!p.Allowed[r])
            {
                violations.Add($"unit {unit.Id}: region {unit.Region} is not allowed (strict geoPreference, maxMemoryMb below {p.MemoryMb} MB, or no available instances)");
            }

            if (unit.DurationMs > p.TimeoutMs + 1e-9)
            {
                violations.Add($"unit {unit.Id}: runs {Ms(unit.DurationMs)}, more than the timeout of {Ms(p.TimeoutMs)}");
            }
        }

        if (e.StaleRead)
        {
            violations.Add("units: a unit reads a variable from another unit that overwrites it later (units hand over their variables when they complete); keep the consumer with that producer or split the producer's unit before the later write");
        }

        if (e.DeadlineExcessMs > 0)
        {
            violations.Add($"objective.deadlineMs: makespan {Ms(e.MakespanMs)} exceeds the deadline of {Ms(p.DeadlineMs ?? 0)}");
        }

        return new PlanEvaluation(plan, violations);
    }

    /// <summary>Re-evaluates the units of <paramref name="plan"/> against <paramref name="request"/> (e.g. with measured work).</summary>
    public static PlanEvaluation Evaluate(PlanRequest request, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Evaluate(request, plan.Units.Select(u => (u.Segments, u.Region)).ToList());
    }

    private static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
