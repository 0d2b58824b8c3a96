using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>A bid with the instance's configuration version it was made on (a reservation must quote it).</summary>
public sealed record VersionedBid(ComputeBid Bid, int Version);
