using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>Builds a region's metrics from its instances' status and the shortage reported since the last look.</summary>
public static class FleetMetrics
{
    public static RegionMetrics ForRegion(InstanceTemplate template, IReadOnlyList<(string Instance, InstanceStatus Status)> instances, int shortage)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(instances);
        var active = instances.Where(i => !i.Status.Retired).ToList();
        var slots = active.Sum(i => i.Status.Slots);
        var used = active.Sum(i => Math.Min(i.Status.UsedSlots, i.Status.Slots));
        return new RegionMetrics(
            template.Region,
            active.Count,
            template.Slots,
            slots == 0 ? 0 : (double)used / slots,
            shortage,
            0,
            [.. active.Where(i => i.Status.UsedSlots == 0).Select(i => i.Instance).Order(StringComparer.Ordinal)]);
    }
}
