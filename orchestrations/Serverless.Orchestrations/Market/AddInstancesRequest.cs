namespace Serverless.Orchestrations.Market;

/// <summary>Instances to add to a region, all shaped by one template.</summary>
public sealed record AddInstancesRequest(InstanceTemplate Template, int Count);
