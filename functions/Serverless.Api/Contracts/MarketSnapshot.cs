namespace Serverless.Api.Contracts;

/// <summary>
/// <c>GET /api/market</c>: the compute market at <see cref="At"/>: per region its bidders (compute instances), the
/// recent auctions (newest first) and the autoscaler's recent decisions (newest first).
/// </summary>
public sealed record MarketSnapshot(
    DateTimeOffset At,
    IReadOnlyList<MarketRegion> Regions,
    IReadOnlyList<MarketAuction> Auctions,
    IReadOnlyList<MarketScalingDecision> Scaling);
