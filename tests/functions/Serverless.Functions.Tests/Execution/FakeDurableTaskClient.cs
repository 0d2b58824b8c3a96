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

        // A new instance, pending, created one second after the previous one.
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(Scheduled.Count);
        Instances[id] = new OrchestrationMetadata(orchestratorName.Name, id)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            SerializedInput = Microsoft.DurableTask.Converters.JsonDataConverter.Default.Serialize(input),
            DataConverter = Microsoft.DurableTask.Converters.JsonDataConverter.Default,
            CreatedAt = created,
            LastUpdatedAt = created,
        };
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

    /// <summary>The instances in insertion order, filtered by status and creation time, paged by index as the token.</summary>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
        => Pageable.Create((string? token, int? size, CancellationToken _) =>
        {
            var all = Instances.Values
                .Where(m => filter?.Statuses is null || filter.Statuses.Contains(m.RuntimeStatus))
                .Where(m => filter?.CreatedFrom is null || m.CreatedAt >= filter.CreatedFrom)
                .Where(m => filter?.CreatedTo is null || m.CreatedAt <= filter.CreatedTo)
                .ToList();
            var start = string.IsNullOrEmpty(token) ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var take = size ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize;
            var values = all.Skip(start).Take(take).ToList();
            var next = start + values.Count < all.Count ? (start + values.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<OrchestrationMetadata>(values, next));
        });

    public List<string> Purged { get; } = [];

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var removed = Instances.Remove(instanceId);
        if (removed)
        {
            Purged.Add(instanceId);
        }

        return Task.FromResult(new PurgeResult(removed ? 1 : 0));
    }

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SetStatus(instanceId, OrchestrationRuntimeStatus.Suspended, OrchestrationRuntimeStatus.Running);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SetStatus(instanceId, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended);

    private Task SetStatus(string instanceId, OrchestrationRuntimeStatus from, OrchestrationRuntimeStatus to)
    {
        if (Instances.TryGetValue(instanceId, out var m) && m.RuntimeStatus == from)
        {
            Instances[instanceId] = new OrchestrationMetadata(m.Name, instanceId) { RuntimeStatus = to, SerializedInput = m.SerializedInput, DataConverter = m.DataConverter, CreatedAt = m.CreatedAt, LastUpdatedAt = m.LastUpdatedAt };
        }

        return Task.CompletedTask;
    }

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
