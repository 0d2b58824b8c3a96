namespace Serverless.Planning.Market;

/// <summary>
/// Bounds and thresholds of the autoscaler: instances per region within [min, max]; scale out at or above
/// <see cref="ScaleOutUtilisation"/> or on declined bids / backlog, scale in at or below <see cref="ScaleInUtilisation"/>
/// (the gap between them is the hysteresis), each no sooner than its cooldown after the region's last change.
/// </summary>
public sealed record ScalingOptions
{
    public int MinInstances { get; init; } = 1;

    public int MaxInstances { get; init; } = 10;

    public double ScaleOutUtilisation { get; init; } = 0.8;

    public double ScaleInUtilisation { get; init; } = 0.2;

    public TimeSpan ScaleOutCooldown { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ScaleInCooldown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Instances added at most per decision.</summary>
    public int MaxStep { get; init; } = 4;
}
