using System.Globalization;

namespace Serverless.Planning.Market;

/// <summary>
/// The autoscaler's rule: a pure function of a metrics snapshot and the current time. Scales up fast (latest
/// sample, declined bids or backlog; within the up cooldown and the maximum, at most <see cref="ScalingOptions.MaxStep"/>
/// at once) and down slowly (one instance, only after a whole quiet window and both cooldowns).
/// </summary>
public static class ScalingPolicy
{
    /// <summary>One decision per region of <paramref name="snapshot"/>, in its order.</summary>
    public static IReadOnlyList<ScalingDecision> Decide(
        IReadOnlyList<RegionMetrics> snapshot,
        DateTimeOffset now,
        ScalingOptions options,
        IReadOnlyDictionary<string, ScalingOptions>? perRegion = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        return snapshot.Select(m => Decide(m, now, perRegion is not null && perRegion.TryGetValue(m.Region, out var o) ? o : options)).ToList();
    }

    /// <summary>The decision for one region.</summary>
    public static ScalingDecision Decide(RegionMetrics metrics, DateTimeOffset now, ScalingOptions options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var n = metrics.Instances;
        if (n < o.MinInstances)
        {
            return new(metrics.Region, o.MinInstances - n, $"below the minimum of {o.MinInstances}");
        }

        if (n > o.MaxInstances)
        {
            return new(metrics.Region, o.MaxInstances - n, $"above the maximum of {o.MaxInstances}");
        }

        var samples = metrics.Utilisation.Where(s => s.At <= now).OrderBy(s => s.At).ToList();
        var latest = samples.Count > 0 ? samples[^1].Utilisation : 0;
        var backlogNeeds = (int)Math.Ceiling(metrics.QueueBacklog / (double)Math.Max(1, o.BacklogPerInstance));
        var pressure = latest >= o.ScaleUpAt || metrics.DeclinedBids > 0 || backlogNeeds > n;
        if (pressure)
        {
            if (n >= o.MaxInstances)
            {
                return new(metrics.Region, 0, $"under pressure but at the maximum of {o.MaxInstances}");
            }

            if (metrics.LastScaleUp is { } up && now - up < o.ScaleUpCooldown)
            {
                return new(metrics.Region, 0, "under pressure; waiting for the scale-up cooldown");
            }

            var target = (o.ScaleUpAt + o.ScaleDownAt) / 2;
            var byUtilisation = (int)Math.Ceiling(n * latest / target) - n;
            var want = Math.Max(1, Math.Max(byUtilisation, backlogNeeds - n));
            var delta = Math.Min(want, Math.Min(o.MaxStep, o.MaxInstances - n));
            return new(metrics.Region, delta, string.Create(CultureInfo.InvariantCulture,
                $"utilisation {latest:0.00}, {metrics.DeclinedBids} declined bids, backlog {metrics.QueueBacklog}"));
        }

        var windowStart = now - o.ScaleDownWindow;
        var covered = samples.Count > 0 && samples[0].At <= windowStart;
        var quiet = covered && samples.Where(s => s.At >= windowStart).All(s => s.Utilisation <= o.ScaleDownAt)
            && metrics.QueueBacklog == 0;
        if (quiet && n > o.MinInstances)
        {
            if (metrics.LastScaleUp is { } up && now - up < o.ScaleDownCooldown)
            {
                return new(metrics.Region, 0, "quiet; waiting for the cooldown after the last scale-up");
            }

            if (metrics.LastScaleDown is { } down && now - down < o.ScaleDownCooldown)
            {
                return new(metrics.Region, 0, "quiet; waiting for the scale-down cooldown");
            }

            return new(metrics.Region, -1, string.Create(CultureInfo.InvariantCulture,
                $"utilisation at or below {o.ScaleDownAt:0.00} for {o.ScaleDownWindow.TotalMinutes:0} minutes"));
        }

        return new(metrics.Region, 0, "within the band");
    }
}
