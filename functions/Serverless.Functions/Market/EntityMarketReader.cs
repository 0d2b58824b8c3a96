using Microsoft.DurableTask.Client;
using Serverless.Api.Contracts;
using Serverless.Api.Market;
using Serverless.Contracts.Plans;
using Serverless.Functions.Execution;
using Serverless.Orchestrations.Market;
using Serverless.Planning.Market;

namespace Serverless.Functions.Market;

/// <summary>
/// <c>GET /api/market</c> on Durable Functions: the <see cref="ComputeDirectory"/> entity's instances, each
/// <see cref="ComputeInstance"/> entity's state, and the autoscaler orchestration's history, read with the
/// invocation's Durable client (<see cref="DurableClientScope"/>).
/// </summary>
public sealed class EntityMarketReader(PlanEnvironment environment, TimeProvider? time = null) : IMarketReader
{
    public async Task<MarketSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var client = DurableClientScope.Current
            ?? throw new InvalidOperationException("The market is read inside an HTTP trigger with a [DurableClient] binding (DurableClientScope.RunAsync); none is in scope.");
        return await ReadAsync(client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The snapshot read with <paramref name="client"/>.</summary>
    public async Task<MarketSnapshot> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var directory = (await client.Entities.GetEntityAsync<ComputeDirectoryState>(ComputeDirectory.Id, cancellationToken).ConfigureAwait(false))?.State?.Instances
            ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var ids = directory.Values.SelectMany(i => i).Distinct(StringComparer.Ordinal).ToList();
        var states = await Task.WhenAll(ids.Select(id => client.Entities.GetEntityAsync<ComputeInstanceState>(ComputeInstance.Id(id), cancellationToken))).ConfigureAwait(false);
        var instances = new Dictionary<string, ComputeInstanceState>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (states[i]?.State is { } state)
            {
                instances[ids[i]] = state;
            }
        }

        var history = await AutoscalerHistory.ReadAsync(client, cancellationToken).ConfigureAwait(false);
        return MarketSnapshots.Build(now, directory, instances, history, environment.Regions.Select(r => r.Name));
    }
}
