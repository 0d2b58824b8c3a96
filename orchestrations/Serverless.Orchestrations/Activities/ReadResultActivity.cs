using System.Text.Json;
using Microsoft.DurableTask;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Activities;

/// <summary>Reads the method's result: the return value the returning unit stored.</summary>
public sealed class ReadResultActivity(IStateStore store) : TaskActivity<ReadResultRequest, JsonElement?>
{
    public override async Task<JsonElement?> RunAsync(TaskActivityContext context, ReadResultRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = await store.GetAsync(StateKeys.Return(input.ExecutionId, input.Unit)).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }
}
