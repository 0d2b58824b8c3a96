using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;

namespace Serverless.Api.Tests.Doubles;

/// <summary>
/// A planner double with an obvious rule: the first preferred region (else westeurope), one unit per segment when
/// splittable, one unit otherwise; memory above 16384 MB has no feasible region.
/// </summary>
public sealed class FakePlanner : IPlanPreviewer
{
    public IReadOnlyList<string> Regions { get; } = ["westeurope", "northeurope", "eastus"];

    public int Calls { get; private set; }

    public PlanPreview Plan(SplitGraph graph, EffectiveAnnotations annotations)
    {
        Calls++;
        if (annotations.ResourceConstraint is { MemoryMb: > 16384 } rc)
        {
            throw new PlanningFailedException($"memoryMb {rc.MemoryMb} exceeds maxMemoryMb 16384 of every region");
        }

        var region = annotations.GeoPreference?.Regions[0] ?? "westeurope";
        IReadOnlyList<PreviewUnit> units = annotations.Splitable
            ? [.. graph.Segments.Select(s => new PreviewUnit(s.Id, [s.Id], region))]
            : [new PreviewUnit(0, [.. graph.Segments.Select(s => s.Id)], region)];
        return new PlanPreview("exact", units, new PlanCost(0.001, 0, 0.001), 120, 0.0012);
    }
}
