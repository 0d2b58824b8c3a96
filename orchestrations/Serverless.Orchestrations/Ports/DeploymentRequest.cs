namespace Serverless.Orchestrations.Ports;

/// <summary>What to deploy: a validated region name and the virtual functions (one per unit) to register there.</summary>
public sealed record DeploymentRequest(string Region, IReadOnlyList<VirtualFunction> Functions);
