using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// A bid with the instance's configuration version it was made on (a reservation must quote it) and the market time
/// it was made at (the orchestrator re-bases the bid's validity onto its own clock; null: already on it).
/// </summary>
public sealed record VersionedBid(ComputeBid Bid, int Version, DateTimeOffset? At = null);
