namespace Serverless.Planning.Market;

/// <summary>
/// Bounds and damping of the scaling policy. Scale up when the latest utilisation reaches <see cref="ScaleUpAt"/>
/// (or bids are declined, or the backlog exceeds <see cref="BacklogPerInstance"/> per instance); scale down only
/// when every sample over <see cref="ScaleDownWindow"/> is at or below <see cref="ScaleDownAt"/>. The gap between
/// the two thresholds (hysteresis) and the cooldowns keep it from flapping.
/// </summary>
public sealed record ScalingOptions(
    int MinInstances,
    int MaxInstances,
    double ScaleUpAt,
    double ScaleDownAt,
    TimeSpan ScaleUpCooldown,
    TimeSpan ScaleDownCooldown,
    TimeSpan ScaleDownWindow,
    int BacklogPerInstance,
    int MaxStep)
{
    /// <summary>1–10 instances, up at 75 %, down at 30 % sustained for 10 minutes; 1 and 5 minute cooldowns.</summary>
    public static ScalingOptions Default { get; } = new(
        MinInstances: 1,
        MaxInstances: 10,
        ScaleUpAt: 0.75,
        ScaleDownAt: 0.30,
        ScaleUpCooldown: TimeSpan.FromMinutes(1),
        ScaleDownCooldown: TimeSpan.FromMinutes(5),
        ScaleDownWindow: TimeSpan.FromMinutes(10),
        BacklogPerInstance: 4,
        MaxStep: 4);
}
