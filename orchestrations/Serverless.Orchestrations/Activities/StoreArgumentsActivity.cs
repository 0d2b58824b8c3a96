using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Activities;

/// <summary>Stores the call's arguments as the execution's first variables (producing unit <c>args</c>).</summary>
public sealed class StoreArgumentsActivity(IStateStore store, ILogger<StoreArgumentsActivity> logger) : TaskActivity<StoreArgumentsRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, StoreArgumentsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = input.Arguments
            .Select(a => new KeyValuePair<StateKey, ReadOnlyMemory<byte>>(StateKeys.Argument(input.ExecutionId, a.Key), JsonSerializer.SerializeToUtf8Bytes(a.Value)))
            .ToList();
        await store.PutManyAsync(values).ConfigureAwait(false);
        EngineLog.ArgumentsStored(logger, input.ExecutionId, values.Count);
        return values.Count;
    }
}
