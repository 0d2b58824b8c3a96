namespace Serverless.Contracts.Plans;

/// <summary>The money a plan costs: compute (GB-seconds and invocations) and transfer (egress), and their sum.</summary>
public sealed record PlanCost(double Compute, double Transfer, double Total);
