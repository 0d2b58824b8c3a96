namespace Serverless.Api.Contracts;

/// <summary>A region of the market: its active bidders and their mean utilisation (0 to 1; 0 without bidders).</summary>
public sealed record MarketRegion(string Region, double Utilisation, IReadOnlyList<MarketBidder> Bidders);
