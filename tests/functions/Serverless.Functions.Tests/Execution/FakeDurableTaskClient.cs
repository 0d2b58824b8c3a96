using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.Tests.Execution;

/// <summary>A Durable Functions client over a dictionary of instances: records schedules and terminations.</summary>
internal sealed class FakeDurableTaskClient() : DurableTaskClient("fake")
{
    public Dictionary<string, OrchestrationMetadata> Instances { get; } = new(StringComparer.Ordinal);

    public List<(TaskName Name, object? Input, string? InstanceId)> Scheduled { get; } = [];

    public List<string> Terminated { get; } = [];

    public List<(string InstanceId, string EventName, object? Payload)> Raised { get; } = [];

    /// <summary>When set, <see cref="RaiseEventAsync"/> throws it (as the backend does for a finished instance).</summary>
    public Exception? RaiseFailure { get; set; }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? "generated";
        Scheduled.Add((orchestratorName, input, id));
        return Task.FromResult(id);
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => Task.FromResult(Instances.GetValueOrDefault(instanceId));

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        Terminated.Add(instanceId);
        if (Instances.TryGetValue(instanceId, out var m))
        {
            Instances[instanceId] = new OrchestrationMetadata(m.Name, instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Terminated, SerializedInput = m.SerializedInput, DataConverter = m.DataConverter };
        }

        return Task.CompletedTask;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        if (RaiseFailure is { } failure)
        {
            throw failure;
        }

        Raised.Add((instanceId, eventName, eventPayload));
        return Task.CompletedTask;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
