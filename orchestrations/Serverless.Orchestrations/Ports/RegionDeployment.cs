namespace Serverless.Orchestrations.Ports;

/// <summary>
/// The outcome of a deployment to one region: the deployment's name (ARM) or worker pool (local), what happened
/// (<c>created</c>, <c>updated</c>, <c>unchanged</c>), and the registered virtual functions.
/// </summary>
public sealed record RegionDeployment(string Region, string DeploymentName, string Outcome, IReadOnlyList<VirtualFunction> Functions);
