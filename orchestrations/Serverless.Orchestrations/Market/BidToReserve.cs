using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>A winning bid with the demand it answers and the lease id to reserve it under.</summary>
public sealed record BidToReserve(ComputeBid Bid, UnitDemand Demand, string LeaseId);
