using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Functions.Market;

/// <summary>
/// <c>Serverless:Market:*</c> settings of the autoscaler: instance shape (memory defaults to the region's maximum,
/// <see cref="Slots"/> concurrent units), instance bounds per region, and the interval. Regions and prices come from
/// the app's <see cref="PlanEnvironment"/> (<c>Serverless:Regions</c>).
/// </summary>
public sealed class MarketSettings
{
    public const string Section = "Serverless:Market";

    /// <summary>Memory of an instance in MB; 0: the region's maximum memory.</summary>
    public int InstanceMemoryMb { get; set; }

    /// <summary>Concurrent units per instance.</summary>
    public int Slots { get; set; } = 16;

    public int MinInstances { get; set; } = ScalingOptions.Default.MinInstances;

    public int MaxInstances { get; set; } = ScalingOptions.Default.MaxInstances;

    /// <summary>Seconds between two looks of the autoscaler at the market.</summary>
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>Seconds after a scale-up before the next one (as <c>serve --autoscale</c> reads it).</summary>
    public int ScaleUpCooldownSeconds { get; set; } = (int)ScalingOptions.Default.ScaleUpCooldown.TotalSeconds;

    /// <summary>Seconds after any scaling before a scale-down.</summary>
    public int ScaleDownCooldownSeconds { get; set; } = (int)ScalingOptions.Default.ScaleDownCooldown.TotalSeconds;

    /// <summary>Seconds every utilisation sample must stay low before a scale-down.</summary>
    public int ScaleDownWindowSeconds { get; set; } = (int)ScalingOptions.Default.ScaleDownWindow.TotalSeconds;

    /// <summary>Queued units per instance above which a region scales up.</summary>
    public int BacklogPerInstance { get; set; } = ScalingOptions.Default.BacklogPerInstance;

    /// <summary>What is wrong with these settings, each naming the setting (<c>Serverless__Market__*</c>); empty when valid.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (Slots <= 0)
        {
            problems.Add($"Serverless__Market__Slots is {Slots}; it must be positive.");
        }

        if (IntervalSeconds <= 0)
        {
            problems.Add($"Serverless__Market__IntervalSeconds is {IntervalSeconds}; it must be positive.");
        }

        if (InstanceMemoryMb < 0)
        {
            problems.Add($"Serverless__Market__InstanceMemoryMb is {InstanceMemoryMb}; use 0 (the region's maximum) or a positive number of MB.");
        }

        if (MinInstances < 0)
        {
            problems.Add($"Serverless__Market__MinInstances is {MinInstances}; it must be 0 or more.");
        }

        foreach (var (name, value) in new[] { ("ScaleUpCooldownSeconds", ScaleUpCooldownSeconds), ("ScaleDownCooldownSeconds", ScaleDownCooldownSeconds), ("ScaleDownWindowSeconds", ScaleDownWindowSeconds) })
        {
            if (value is < 0 or > 86_400)
            {
                problems.Add($"Serverless__Market__{name} is {value}; use a whole number of seconds from 0 to 86400.");
            }
        }

        if (BacklogPerInstance is < 1 or > 86_400)
        {
            problems.Add($"Serverless__Market__BacklogPerInstance is {BacklogPerInstance}; it must be from 1 to 86400.");
        }

        if (MaxInstances < Math.Max(1, MinInstances))
        {
            problems.Add($"Serverless__Market__MaxInstances is {MaxInstances}; it must be at least 1 and at least Serverless__Market__MinInstances ({MinInstances}).");
        }

        return problems;
    }

    /// <summary>The autoscaler's first input: one template per region of <paramref name="environment"/>.</summary>
    public AutoscalerInput AutoscalerInput(PlanEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(
                $"Serverless:Market is invalid (Slots {Slots}, MinInstances {MinInstances}, MaxInstances {MaxInstances}, IntervalSeconds {IntervalSeconds}, InstanceMemoryMb {InstanceMemoryMb}): {string.Join(" ", problems)}");
        }

        return new AutoscalerInput
        {
            Regions = [.. environment.Regions.Select(r => new InstanceTemplate(r.Name, InstanceMemoryMb > 0 ? InstanceMemoryMb : r.MaxMemoryMb, Slots, r.PricePerGbSecond))],
            Policy = ScalingOptions.Default with
            {
                MinInstances = MinInstances,
                MaxInstances = MaxInstances,
                ScaleUpCooldown = TimeSpan.FromSeconds(ScaleUpCooldownSeconds),
                ScaleDownCooldown = TimeSpan.FromSeconds(ScaleDownCooldownSeconds),
                ScaleDownWindow = TimeSpan.FromSeconds(ScaleDownWindowSeconds),
                BacklogPerInstance = BacklogPerInstance,
            },
            IntervalMs = IntervalSeconds * 1000,
        };
    }
}
