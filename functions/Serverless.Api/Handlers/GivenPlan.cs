using Serverless.Api.Http;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;

namespace Serverless.Api.Handlers;

/// <summary>
/// Checks a plan sent with a submission against the function and its effective annotations: units with distinct ids
/// and known regions inside a strict geo preference, covering every segment exactly once, one unit when unsplit, and a
/// planned schedule per unit either absent or both ends given in order (as split/analyze answers it).
/// </summary>
internal static class GivenPlan
{
    internal static PlanPreview Check(PlanPreview plan, SplitGraph graph, EffectiveAnnotations effective, ConfiguredRegions regions)
    {
        if (plan.Units is null || plan.Units.Count == 0)
        {
            throw ApiProblemException.Invalid("Member 'plan.units' must list at least one unit.", "plan.units");
        }

        var covered = new List<int>();
        var ids = new HashSet<int>();
        for (var i = 0; i < plan.Units.Count; i++)
        {
            var unit = plan.Units[i];
            var field = $"plan.units[{i}]";
            if (unit is null || unit.Segments is null || unit.Segments.Count == 0)
            {
                throw ApiProblemException.Invalid($"'{field}.segments' must list at least one segment.", field + ".segments");
            }

            if (!ids.Add(unit.Id))
            {
                throw ApiProblemException.Invalid($"'{field}.id' {unit.Id} is used by another unit.", field + ".id");
            }

            regions.RequireKnown(unit.Region, field + ".region");
            if (effective.GeoPreference is { Strict: true } geo && !geo.Regions.Contains(unit.Region))
            {
                throw ApiProblemException.Invalid(
                    $"'{field}.region' {Identifiers.Quote(unit.Region)} is outside the strict geo preference of {graph.Function} ({string.Join(", ", geo.Regions)}).",
                    field + ".region");
            }

            if (unit.PlannedStartMs is not null || unit.PlannedFinishMs is not null)
            {
                if (unit.PlannedStartMs is not { } start || unit.PlannedFinishMs is not { } finish || !double.IsFinite(start) || !double.IsFinite(finish) || start < 0 || finish < start)
                {
                    throw ApiProblemException.Invalid(
                        $"'{field}.plannedStartMs' and '{field}.plannedFinishMs' go together: both finite, 0 ≤ start ≤ finish (got {unit.PlannedStartMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} and {unit.PlannedFinishMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); or leave both out.",
                        field + ".plannedStartMs");
                }
            }

            covered.AddRange(unit.Segments);
        }

        if (!covered.Order().SequenceEqual(Enumerable.Range(0, graph.Segments.Count)))
        {
            throw ApiProblemException.Invalid($"The units of 'plan' must cover segments 0–{graph.Segments.Count - 1} of {graph.Function} exactly once each.", "plan.units");
        }

        if (!effective.Splitable && plan.Units.Count > 1)
        {
            throw ApiProblemException.Invalid($"{graph.Function} runs unsplit (splitable is false or its analysis has errors): 'plan.units' must hold exactly one unit.", "plan.units");
        }

        return plan with { Algorithm = plan.Algorithm ?? "given", Cost = plan.Cost ?? new PlanCost(0, 0, 0) };
    }
}
