namespace Serverless.Orchestrations.Market;

/// <summary>Builds a region's load from its instances' status and the shortage reported since the last look.</summary>
public static class FleetMetrics
{
    public static RegionLoad ForRegion(string region, IReadOnlyList<(string Instance, InstanceStatus Status)> instances, int shortage)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var active = instances.Where(i => !i.Status.Retired).ToList();
        return new RegionLoad(
            region,
            active.Count,
            active.Count == 0 ? 0 : active.Average(i => i.Status.Utilisation),
            shortage,
            0,
            [.. active.Where(i => i.Status.UsedSlots == 0).Select(i => i.Instance).Order(StringComparer.Ordinal)]);
    }
}
