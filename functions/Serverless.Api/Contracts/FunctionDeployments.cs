namespace Serverless.Api.Contracts;

/// <summary>
/// <c>GET /api/function/{id}</c>: the deployed virtual functions of a function, by region then unit, each with its
/// memory, timeout, package version and the time of the deployment that last confirmed it.
/// </summary>
public sealed record FunctionDeployments(string Function, IReadOnlyList<DeployedFunctionView> Deployed);
