namespace Serverless.Orchestrations.Worker;

/// <summary>Settings of one regional worker: its region (queue <c>work-{region}</c>) and how many units it runs at once.</summary>
public sealed record RegionalWorkerOptions
{
    public required string Region { get; init; }

    public int MaxConcurrency { get; init; } = 32;

    public int MaxDeliveryCount { get; init; } = 5;

    /// <summary>How long a taken work item stays invisible before another worker may take it (crash recovery).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);
}
