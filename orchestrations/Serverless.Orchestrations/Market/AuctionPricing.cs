using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// What <see cref="Contracts.ExecutionPlanBuilder"/> copies from the planner into the engine plan so the auction can score bids
/// as the planner would: the environment, the objective's latency weight, and variable sizes (bytes; others default).
/// </summary>
public sealed record AuctionPricing(PlanEnvironment Environment, double LatencyWeight, IReadOnlyDictionary<string, long>? VariableBytes = null, long DefaultVariableBytes = 1024);
