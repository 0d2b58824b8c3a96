using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Api.Requests;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Handlers;

/// <summary>
/// <c>/api/function/deploy</c>: registers every unit of a function's current plan as a virtual function in each
/// region. The only handler that needs a provisioner; without one (a Functions app with no ARM settings) it answers
/// 503 naming the settings, and every other endpoint still works.
/// </summary>
public sealed class DeployHandler(
    RegisteredFunctions functions,
    ConfiguredRegions regions,
    IOptions<ServerlessApiOptions> options,
    ILogger<DeployHandler> logger,
    IProvisioner? provisioner = null)
{
    private readonly ServerlessApiOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <summary><c>POST /api/function/deploy</c>: the planned regions, or every unit in each of <c>regions</c>.</summary>
    public Task<IResult> DeployAsync(HttpContext context) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var request = await JsonRequest.ReadAsync(context.Request, _options.SmallBodyLimitBytes, RequestJsonContext.Default.DeployRequest, ct).ConfigureAwait(false);
        var graph = functions.Require(request.Function, "function");
        // A region outside Serverless__Regions is allowed here: deploying is how a new region is added.
        var requested = request.Regions is null ? null : regions.RequireList(request.Regions, "regions", configuredOnly: false);
        var deployer = provisioner ?? throw new ApiProblemException(
            503,
            "Deployment not configured",
            $"This app has no provisioner, so {graph.Function} cannot be deployed: set Serverless__SubscriptionId and Serverless__ResourceGroup (and the identity's access to them) and restart.");

        var effective = await functions.EffectiveAsync(graph, ct).ConfigureAwait(false);
        var plan = await functions.PlanAsync(graph, effective, ct).ConfigureAwait(false);
        var memory = effective.ResourceConstraint?.MemoryMb ?? _options.DefaultMemoryMb;
        var timeout = effective.ResourceConstraint?.TimeoutSeconds ?? _options.DefaultTimeoutSeconds;
        var targets = requested is null
            ? plan.Units.GroupBy(u => u.Region, StringComparer.Ordinal).Select(x => (Region: x.Key, Units: x.ToList()))
            : requested.Select(region => (Region: region, Units: plan.Units.ToList()));

        var deployments = new List<RegionDeployment>();
        foreach (var (region, units) in targets.OrderBy(t => t.Region, StringComparer.Ordinal))
        {
            var virtualFunctions = units
                .Select(u => new VirtualFunction(VirtualFunction.IdentifierFor(graph.Function, u.Id, region), graph.Function, u.Id, u.Segments, region, memory, timeout, functions.Catalog.PackageVersion))
                .ToList();
            deployments.Add(await deployer.DeployAsync(new DeploymentRequest(region, virtualFunctions), ct).ConfigureAwait(false));
        }

        ApiLog.Deployed(logger, graph.Function, deployments.Count);
        return Results.Json(new DeployResponse(graph.Function, deployments), ApiJsonContext.Default.DeployResponse);
    });
}
