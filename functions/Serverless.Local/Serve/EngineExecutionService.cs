using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Local.Serve;

/// <summary>
/// <see cref="IExecutionService"/> on the embedded engine: the shared <see cref="DurableTaskExecutionService"/> over
/// the engine's client and state store, making sure each region's worker pool runs before a plan is scheduled, and
/// keeping the API's plans in memory for the life of the server (the store's copy goes with the execution's state).
/// </summary>
public sealed class EngineExecutionService : DurableTaskExecutionService
{
    private readonly EngineHost _host;
    private readonly IWorkerPoolHost _pools;
    private readonly ConcurrentDictionary<string, ApiPlan> _plans = new(StringComparer.Ordinal);

    public EngineExecutionService(EngineHost host, RegistryManifestCatalog catalog, IWorkerPoolHost pools, PlanEnvironment environment)
        : base(catalog, environment)
    {
        _host = host;
        _pools = pools;
    }

    protected override async ValueTask<DurableTaskClient> GetClientAsync(CancellationToken cancellationToken)
        => (await _host.GetAsync(cancellationToken).ConfigureAwait(false)).Client;

    protected override async ValueTask<IStateStore> GetStoreAsync(CancellationToken cancellationToken)
        => (await _host.GetAsync(cancellationToken).ConfigureAwait(false)).Store;

    protected override async ValueTask<EnginePlan> PrepareAsync(EnginePlan plan, ApiPlan apiPlan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(apiPlan);
        foreach (var region in apiPlan.Units.Select(u => u.Region).Distinct(StringComparer.Ordinal))
        {
            await _pools.EnsureWorkerPoolAsync(region, cancellationToken).ConfigureAwait(false);
        }

        _plans[plan.ExecutionId] = apiPlan;

        // The auction and re-plans score with serve's regions and network (transfers of inputs from where they are);
        // the submission carries no objective, so finish time has no weight (as in the Functions app).
        return EngineRegistrations.Prepare(ExecutionPlanBuilder.WithPricing(plan, new AuctionPricing(Environment, 0)));
    }

    protected override async ValueTask<ApiPlan?> ReadPlanAsync(string executionId, EnginePlan? engine, CancellationToken cancellationToken)
        => _plans.TryGetValue(executionId, out var plan) ? plan : await base.ReadPlanAsync(executionId, engine, cancellationToken).ConfigureAwait(false);

    protected override void Forget(string executionId) => _plans.TryRemove(executionId, out _);
}
