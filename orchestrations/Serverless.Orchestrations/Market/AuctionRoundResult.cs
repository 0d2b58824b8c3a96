using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>The answer to an <see cref="AuctionRound"/>: every accepted bid, and the reservations the market already holds for the bids it expects to win.</summary>
public sealed record AuctionRoundResult(IReadOnlyList<VersionedBid> Bids, IReadOnlyList<ComputeReservation> Held);
