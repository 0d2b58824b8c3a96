using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Functions.Execution;

/// <summary>
/// <see cref="IExecutionService"/> on Azure Durable Functions: the shared <see cref="DurableTaskExecutionService"/>
/// with the app's completion queue, retention and auction pricing on every plan. The client is the invocation's
/// <c>[DurableClient]</c> binding (<see cref="DurableClientScope"/>).
/// </summary>
public sealed class DurableExecutionService : DurableTaskExecutionService
{
    private readonly IStateStore _store;
    private readonly Func<DurableTaskClient?> _client;
    private readonly string _completionQueue;
    private readonly int _retentionSeconds;

    public DurableExecutionService(IManifestCatalog catalog, PlanEnvironment environment, IStateStore store, IOptions<ServerlessOptions> options)
        : this(catalog, environment, store, () => DurableClientScope.Current, options?.Value.CompletionQueue ?? QueueNames.Completions, (options?.Value.StateRetentionMinutes ?? 60) * 60)
    {
    }

    internal DurableExecutionService(IManifestCatalog catalog, PlanEnvironment environment, IStateStore store, Func<DurableTaskClient?> client, string completionQueue = QueueNames.Completions, int retentionSeconds = 3600)
        : base(catalog, environment)
    {
        _store = store;
        _client = client;
        _completionQueue = completionQueue;
        _retentionSeconds = retentionSeconds;
    }

    /// <summary>Seconds an execution's variables are kept after it ends (<c>Serverless__StateRetentionMinutes</c> × 60).</summary>
    internal int RetentionSeconds => _retentionSeconds;

    protected override ValueTask<DurableTaskClient> GetClientAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_client()
        ?? throw new InvalidOperationException("No Durable Functions client is bound to this invocation: the HTTP trigger must take a [DurableClient] DurableTaskClient and run its handler inside DurableClientScope.RunAsync."));

    protected override ValueTask<IStateStore> GetStoreAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_store);

    /// <summary>
    /// The app's completion queue and retention; the auction scores bids with the app's regions and network (transfers
    /// of inputs from where they are). The submission carries no objective, so finish time has no weight.
    /// </summary>
    protected override ValueTask<EnginePlan> PrepareAsync(EnginePlan plan, ApiPlan apiPlan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan = plan with { Options = plan.Options with { CompletionQueue = _completionQueue, RetentionSeconds = _retentionSeconds } };
        return ValueTask.FromResult(ExecutionPlanBuilder.WithPricing(plan, new AuctionPricing(Environment, 0)));
    }
}
