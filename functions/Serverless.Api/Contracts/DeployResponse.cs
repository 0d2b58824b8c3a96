using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Contracts;

/// <summary>The outcome of <c>POST /api/function/deploy</c>: one entry per region and every virtual function's identifier.</summary>
public sealed record DeployResponse(string Function, IReadOnlyList<RegionDeployment> Regions);
