namespace Serverless.Orchestrations.Ports;

/// <summary>A virtual function as the registry holds it: what was deployed and when the latest deployment confirmed it.</summary>
public sealed record DeployedFunction(VirtualFunction VirtualFunction, DateTimeOffset DeployedAt);
