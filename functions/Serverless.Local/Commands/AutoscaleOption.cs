using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Local.Commands;

/// <summary>
/// `serve --autoscale &lt;min&gt;-&lt;max&gt;`: the bounds of `serverless worker` processes per region that serve starts and
/// stops through the autoscaler (<see cref="AutoscalerOrchestrator"/> with <see cref="ScalingPolicy"/>, as on Azure).
/// The policy's timing comes from the Functions app's setting names (<see cref="IntervalVariable"/> and the others);
/// unset, it is <see cref="ScalingOptions.Default"/> with a 15 s interval.
/// </summary>
public sealed record AutoscaleOption(int Min, int Max)
{
    /// <summary>The most worker processes `--autoscale` may start per region.</summary>
    public const int Limit = 64;

    public const string IntervalVariable = "Serverless__Market__IntervalSeconds";

    public const string ScaleUpCooldownVariable = "Serverless__Market__ScaleUpCooldownSeconds";

    public const string ScaleDownCooldownVariable = "Serverless__Market__ScaleDownCooldownSeconds";

    public const string ScaleDownWindowVariable = "Serverless__Market__ScaleDownWindowSeconds";

    public const string BacklogPerInstanceVariable = "Serverless__Market__BacklogPerInstance";

    private const string Help = "give the worker processes per region as <min>-<max>, e.g. --autoscale 1-3 (0 <= min <= max, 1 <= max <= 64)";

    /// <summary>Parses <c>&lt;min&gt;-&lt;max&gt;</c>; anything else is a <see cref="UsageException"/> naming the option.</summary>
    public static AutoscaleOption Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"--autoscale needs a value: {Help}");
        }

        var parts = value.Trim().Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            throw new UsageException($"--autoscale: '{value}' is not <min>-<max>; {Help}");
        }

        if (min > max)
        {
            throw new UsageException($"--autoscale: '{value}' has min {min} above max {max}; {Help}");
        }

        if (max is < 1 or > Limit)
        {
            throw new UsageException($"--autoscale: '{value}' has max {max}; {Help}");
        }

        return new AutoscaleOption(min, max);
    }

    /// <summary>
    /// The autoscaler's first input for <paramref name="regions"/> of <paramref name="environment"/>: one template per
    /// region (<paramref name="slots"/> units at once, each with the region's maximum memory, as serve's market instances), the policy bounded by this option, and the
    /// timing read through <paramref name="variable"/> (the process environment in serve).
    /// </summary>
    public AutoscalerInput Input(PlanEnvironment environment, IReadOnlyList<string> regions, int slots, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(variable);
        var d = ScalingOptions.Default;
        return new AutoscalerInput
        {
            Regions = [.. environment.Regions.Where(r => regions.Contains(r.Name, StringComparer.Ordinal)).Select(r => new InstanceTemplate(r.Name, r.MaxMemoryMb * slots, slots, r.PricePerGbSecond))],
            Policy = d with
            {
                MinInstances = Min,
                MaxInstances = Max,
                ScaleUpCooldown = Seconds(variable, ScaleUpCooldownVariable, d.ScaleUpCooldown, 0),
                ScaleDownCooldown = Seconds(variable, ScaleDownCooldownVariable, d.ScaleDownCooldown, 0),
                ScaleDownWindow = Seconds(variable, ScaleDownWindowVariable, d.ScaleDownWindow, 0),
                BacklogPerInstance = Whole(variable, BacklogPerInstanceVariable, d.BacklogPerInstance, 1),
            },
            IntervalMs = (int)Seconds(variable, IntervalVariable, TimeSpan.FromSeconds(15), 1).TotalMilliseconds,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");

    private static TimeSpan Seconds(Func<string, string?> variable, string name, TimeSpan fallback, int least)
        => TimeSpan.FromSeconds(Whole(variable, name, (int)fallback.TotalSeconds, least));

    private static int Whole(Func<string, string?> variable, string name, int fallback, int least)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least && value <= 86_400
            ? value
            : throw new UsageException($"{name} must be a whole number from {least} to 86400, not '{text}' (it tunes `serve --autoscale`)");
    }
}
