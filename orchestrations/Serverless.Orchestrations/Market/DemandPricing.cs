using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>A demand's auction context in an <see cref="AuctionRound"/>: its environment (an index into the round's list), latency weight, input locations and ready time.</summary>
public sealed record DemandPricing(int Environment, double LatencyWeight, IReadOnlyList<InputLocation> Inputs, double ReadyAtMs);
