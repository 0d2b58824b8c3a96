namespace Serverless.Planning.Market;

/// <summary>
/// Decides instances to add or retire per region from a metrics snapshot and the time (pure). Out when bids were
/// declined, units wait or utilisation is at or above the high mark; in (one idle instance at a time) when nothing
/// waits and utilisation is at or below the low mark; never outside [min, max], never within a cooldown.
/// </summary>
public static class ScalingPolicy
{
    public static IReadOnlyList<ScalingAction> Decide(
        IReadOnlyList<RegionMetrics> metrics,
        ScalingOptions options,
        IReadOnlyDictionary<string, DateTimeOffset> lastScaledAt,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lastScaledAt);
        var actions = new List<ScalingAction>();
        foreach (var m in metrics.OrderBy(m => m.Region, StringComparer.Ordinal))
        {
            var last = lastScaledAt.TryGetValue(m.Region, out var at) ? at : DateTimeOffset.MinValue;
            var since = last == DateTimeOffset.MinValue ? TimeSpan.MaxValue : now - last;
            if (m.Instances < options.MinInstances)
            {
                actions.Add(new ScalingAction(m.Region, options.MinInstances - m.Instances, []));
                continue;
            }

            var pressure = m.Declined > 0 || m.Backlog > 0 || m.Utilisation >= options.ScaleOutUtilisation;
            if (pressure)
            {
                if (m.Instances < options.MaxInstances && since >= options.ScaleOutCooldown && (m.Declined > 0 || m.Backlog > 0 || m.Utilisation >= options.ScaleOutUtilisation))
                {
                    var slots = Math.Max(1, m.SlotsPerInstance);
                    var wanted = Math.Max(1, (int)Math.Ceiling((double)(m.Declined + m.Backlog) / slots));
                    var add = Math.Min(Math.Min(wanted, options.MaxStep), options.MaxInstances - m.Instances);
                    actions.Add(new ScalingAction(m.Region, add, []));
                }

                continue;
            }

            if (m.Utilisation <= options.ScaleInUtilisation && m.Instances > options.MinInstances && since >= options.ScaleInCooldown && m.IdleInstances.Count > 0)
            {
                actions.Add(new ScalingAction(m.Region, 0, [m.IdleInstances.OrderBy(i => i, StringComparer.Ordinal).Last()]));
            }
        }

        return actions;
    }
}
