namespace Serverless.Azure.Messaging;

/// <summary>How <see cref="ServiceBusMessageBus"/> treats queues it does not find.</summary>
public sealed record ServiceBusMessageBusOptions
{
    /// <summary>Create missing queues (needs Manage rights; turn off when infrastructure provisions them).</summary>
    public bool CreateMissingQueues { get; init; } = true;

    /// <summary>The peek-lock duration of queues the bus creates (1 s to 5 min); locks are renewed while a handler runs.</summary>
    public TimeSpan QueueLockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The service-side delivery limit of queues the bus creates; kept above any consumer's own limit so the
    /// consumer dead-letters first, with its reason.</summary>
    public int QueueMaxDeliveryCount { get; init; } = 100;

    public void Validate()
    {
        if (QueueLockDuration < TimeSpan.FromSeconds(1) || QueueLockDuration > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"ServiceBusMessageBusOptions.QueueLockDuration is {QueueLockDuration}; Service Bus allows 1 second to 5 minutes.");
        }

        if (QueueMaxDeliveryCount < 1)
        {
            throw new ArgumentException($"ServiceBusMessageBusOptions.QueueMaxDeliveryCount is {QueueMaxDeliveryCount}; it must be at least 1.");
        }
    }
}
