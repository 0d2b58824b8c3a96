using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>The autoscaler's settings and carried state (cooldown clocks, recent decisions) from one generation to the next.</summary>
public sealed record AutoscalerInput
{
    public required IReadOnlyList<InstanceTemplate> Regions { get; init; }

    public ScalingOptions Policy { get; init; } = new();

    /// <summary>Time between two looks at the market.</summary>
    public int IntervalMs { get; init; } = 15_000;

    public Dictionary<string, DateTimeOffset> LastScaledAt { get; init; } = new(StringComparer.Ordinal);

    public int Iteration { get; init; }

    /// <summary>The most recent decisions (at most <see cref="AutoscalerOrchestrator.HistoryLength"/>), oldest first.</summary>
    public IReadOnlyList<ScalingRecord> History { get; init; } = [];
}
