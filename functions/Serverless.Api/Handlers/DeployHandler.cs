using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Api.Requests;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Handlers;

/// <summary>
/// <c>/api/function</c>: deploys every unit of a function's current plan as a virtual function in each region and
/// records it in the <see cref="IFunctionRegistry"/>, and lists what the registry holds. The only handler that needs a
/// provisioner; without one (a Functions app with no ARM settings) deploy answers 503 naming the settings, and every
/// other endpoint still works.
/// </summary>
public sealed class DeployHandler(
    RegisteredFunctions functions,
    ConfiguredRegions regions,
    IFunctionRegistry registry,
    TimeProvider time,
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
            var deployment = await deployer.DeployAsync(new DeploymentRequest(region, virtualFunctions), ct).ConfigureAwait(false);
            await registry.RecordAsync(deployment.Functions, time.GetUtcNow(), ct).ConfigureAwait(false);
            deployments.Add(deployment);
        }

        ApiLog.Deployed(logger, graph.Function, deployments.Count);
        return Results.Json(new DeployResponse(graph.Function, deployments), ApiJsonContext.Default.DeployResponse);
    });

    /// <summary><c>GET /api/function/{id}</c>: the deployed virtual functions of <paramref name="id"/>; 404 naming it when none.</summary>
    public Task<IResult> GetAsync(HttpContext context, string? id) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        if (!Identifiers.IsFunctionId(id))
        {
            throw ApiProblemException.BadRequest(
                $"'id' {Identifiers.Quote(id)} is not a function id: expected Namespace.Type.Method (letters, digits, '_' and '.', up to {Identifiers.MaxFunctionIdLength}).",
                "id");
        }

        var deployed = await registry.ListAsync(id!, ct).ConfigureAwait(false);
        if (deployed.Count == 0)
        {
            throw ApiProblemException.NotFound($"No virtual function of '{id}' is deployed. Deploy it with POST /api/function/deploy {{\"function\":\"{id}\"}}.", "id");
        }

        return Results.Json(new FunctionDeployments(id!, [.. deployed.Select(DeployedFunctionView.From)]), ApiJsonContext.Default.FunctionDeployments);
    });
}
