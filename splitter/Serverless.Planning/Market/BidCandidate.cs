namespace Serverless.Planning.Market;

/// <summary>One candidate bid for a unit, with what else the planner's objective charges for running it there.</summary>
public sealed record BidCandidate(string Region, string Instance, double Price, double StartDelayMs, double TransferCost, double FinishMs);
