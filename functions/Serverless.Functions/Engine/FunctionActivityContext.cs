using Microsoft.DurableTask;

namespace Serverless.Functions.Engine;

/// <summary>The activity context handed to the shared activity classes when a Functions trigger runs them.</summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
