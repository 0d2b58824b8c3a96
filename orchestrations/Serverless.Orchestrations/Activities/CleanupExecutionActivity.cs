using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Activities;

/// <summary>Deletes every value of an execution from the state store (arguments, variables, results, markers).</summary>
public sealed class CleanupExecutionActivity(IStateStore store, ILogger<CleanupExecutionActivity> logger) : TaskActivity<string, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        var keys = await store.ListAsync(input).ConfigureAwait(false);
        await store.DeleteExecutionAsync(input).ConfigureAwait(false);
        EngineLog.CleanedUp(logger, input, keys.Count);
        return keys.Count;
    }
}
