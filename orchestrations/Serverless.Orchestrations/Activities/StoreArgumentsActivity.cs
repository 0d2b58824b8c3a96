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
    public override Task<int> RunAsync(TaskActivityContext context, StoreArgumentsRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return StoreAsync(store, logger, input.ExecutionId, input.Arguments);
    }

    /// <summary>Writes the arguments under producing unit <c>args</c>; also the first dispatch's step from plan version 2 on.</summary>
    internal static async Task<int> StoreAsync(IStateStore store, ILogger logger, string executionId, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var values = arguments
            .Select(a => new KeyValuePair<StateKey, ReadOnlyMemory<byte>>(StateKeys.Argument(executionId, a.Key), JsonSerializer.SerializeToUtf8Bytes(a.Value)))
            .ToList();
        await store.PutManyAsync(values).ConfigureAwait(false);
        EngineLog.ArgumentsStored(logger, executionId, values.Count);
        return values.Count;
    }
}
