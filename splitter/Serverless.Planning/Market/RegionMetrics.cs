namespace Serverless.Planning.Market;

/// <summary>
/// One region in a metrics snapshot: instance count, recent utilisation samples (they must cover the scale-down
/// window for a scale-down), bids declined and queued work since the last decision, and when it last scaled.
/// </summary>
public sealed record RegionMetrics(
    string Region,
    int Instances,
    IReadOnlyList<UtilisationSample> Utilisation,
    int DeclinedBids,
    int QueueBacklog,
    DateTimeOffset? LastScaleUp,
    DateTimeOffset? LastScaleDown);
