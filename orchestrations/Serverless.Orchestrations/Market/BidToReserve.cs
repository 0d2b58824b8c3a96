using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>A winning bid with the demand it answers, the lease id to reserve it under, and the bid's configuration version.</summary>
public sealed record BidToReserve(ComputeBid Bid, UnitDemand Demand, string LeaseId, int BidVersion);
