using Serverless.Api.Planning;
using Serverless.Splitting.Model;

namespace Serverless.Api.Tests.Doubles;

/// <summary>
/// A planner double with an obvious rule: the first preferred region (else westeurope), one unit per segment when
/// splittable, one unit otherwise; memory above 16384 MB has no feasible region.
/// </summary>
public sealed class FakePlanner : IPlanPreviewer
{
    public IReadOnlyList<string> Regions { get; } = ["westeurope", "northeurope", "eastus"];

    public int Calls { get; private set; }

    public ExecutionPlan Plan(SplitGraph graph, EffectiveAnnotations annotations)
    {
        Calls++;
        if (annotations.ResourceConstraint is { MemoryMb: > 16384 } rc)
        {
            throw new PlanningFailedException($"memoryMb {rc.MemoryMb} exceeds maxMemoryMb 16384 of every region");
        }

        var region = annotations.GeoPreference?.Regions[0] ?? "westeurope";
        IReadOnlyList<PlanUnit> units = annotations.Splitable
            ? [.. graph.Segments.Select(s => new PlanUnit(s.Id, [s.Id], region))]
            : [new PlanUnit(0, [.. graph.Segments.Select(s => s.Id)], region)];
        return new ExecutionPlan("exact", units, new PlanCost(0.001, 0, 0.001), 120, 0.0012);
    }
}
