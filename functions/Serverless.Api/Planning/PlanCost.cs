namespace Serverless.Api.Planning;

/// <summary>Cost of a plan or an execution in currency units: compute, transfer and their total.</summary>
public sealed record PlanCost(double Compute, double Transfer, double Total);
