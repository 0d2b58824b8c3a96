using Serverless.Contracts.Plans;

namespace Serverless.Planning.Market;

/// <summary>
/// What the auction needs to price a bid the way the planner would: the latency weight, where the unit's inputs
/// are, the regions and network, and when the unit becomes ready (ms).
/// </summary>
public sealed record AuctionContext(double LatencyWeight, IReadOnlyList<InputLocation> Inputs, PlanEnvironment Environment, double ReadyAtMs = 0);
