using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>The autoscaler's settings and carried state (utilisation samples, last scale times, recent decisions) from one generation to the next.</summary>
public sealed record AutoscalerInput
{
    public required IReadOnlyList<InstanceTemplate> Regions { get; init; }

    public ScalingOptions Policy { get; init; } = ScalingOptions.Default;

    /// <summary>Time between two looks at the market.</summary>
    public int IntervalMs { get; init; } = 15_000;

    /// <summary>Utilisation samples per region covering the policy's scale-down window.</summary>
    public Dictionary<string, List<UtilisationSample>> Samples { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> LastScaleUp { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> LastScaleDown { get; init; } = new(StringComparer.Ordinal);

    public int Iteration { get; init; }

    /// <summary>The most recent applied decisions (at most <see cref="AutoscalerOrchestrator.HistoryLength"/>), oldest first.</summary>
    public IReadOnlyList<ScalingRecord> History { get; init; } = [];
}
