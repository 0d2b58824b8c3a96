namespace Serverless.Orchestrations.Ports;

/// <summary>A message on a queue: an id (for de-duplication and logs), a body, and string properties (e.g. traceparent).</summary>
public sealed record BusMessage(string MessageId, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string>? Properties = null);

/// <summary>A message as a consumer receives it: how many times it has been delivered so far (1 on first delivery).</summary>
public sealed record ReceivedMessage(BusMessage Message, string Queue, int DeliveryCount);

/// <summary>A message moved aside after too many failed deliveries, with the reason kept.</summary>
public sealed record DeadLetteredMessage(BusMessage Message, string Queue, int DeliveryCount, string Reason);

/// <summary>How a consumer runs: handlers at once, deliveries before dead-lettering, lock/visibility duration.</summary>
public sealed record ConsumerOptions
{
    public int MaxConcurrency { get; init; } = 4;

    public int MaxDeliveryCount { get; init; } = 5;

    /// <summary>How long a message stays invisible to others while a handler runs (renewed for long handlers).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxConcurrency < 1)
        {
            throw new ArgumentException($"ConsumerOptions.MaxConcurrency is {MaxConcurrency}; it must be at least 1.");
        }

        if (MaxDeliveryCount < 1)
        {
            throw new ArgumentException($"ConsumerOptions.MaxDeliveryCount is {MaxDeliveryCount}; it must be at least 1.");
        }

        if (LockDuration < TimeSpan.FromSeconds(1) || LockDuration > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"ConsumerOptions.LockDuration is {LockDuration}; it must be between 1 second and 7 days.");
        }
    }
}
