namespace Serverless.Local.Backends;

/// <summary>Settings of <see cref="AzureStorageBackend"/>; the defaults suit one embedded worker on a developer machine.</summary>
public sealed record AzureStorageBackendOptions
{
    /// <summary>A storage connection string; null starts Azurite from node_modules (and stops it on dispose).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The task hub (3–45 letters or digits, starting with a letter); null picks a fresh one.</summary>
    public string? TaskHubName { get; init; }

    /// <summary>Control queues (orchestration partitions), 1–16. DTFx's default is 4.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>
    /// The longest back-off between empty queue polls. DTFx's default (30 s) suits a cloud bill, not an interactive
    /// engine: after an idle spell the first message waits up to this long.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a completion wait reads the instance table. DTFx's own wait polls every 2 s, which would dominate a
    /// short orchestration; <see cref="FastWaitClient"/> replaces it.
    /// </summary>
    public TimeSpan CompletionPollingInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Orchestration and activity work items at once (DTFx's defaults are 100 and 10); null takes the in-memory engine's, <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxConcurrentWorkItems { get; init; }

    /// <summary>
    /// Whether disposing deletes the task hub (queues, tables, lease blobs). True for a throw-away engine; `serve`
    /// keeps it, so that another process (a restarted serve) resumes the executions in flight.
    /// </summary>
    public bool DeleteTaskHubOnDispose { get; init; } = true;

    /// <summary>
    /// How long a partition lease lasts without renewal (DTFx's default is 30 s): after a process holding partitions
    /// died, another takes them over once this has passed. Null keeps DTFx's default.
    /// </summary>
    public TimeSpan? LeaseInterval { get; init; }

    /// <summary>
    /// How long a dequeued control-queue or work-item message stays invisible (DTFx's default is 5 min): after a crash,
    /// the messages the dead process had taken come back when this has passed. Null keeps DTFx's default.
    /// </summary>
    public TimeSpan? MessageVisibilityTimeout { get; init; }
}
