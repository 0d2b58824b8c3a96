namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Queues between the orchestrator app and the regional apps. At-least-once: a message is completed only after
/// its handler returns, abandoned (redelivered) when the handler throws, and dead-lettered with the reason after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> deliveries. Ordering is not guaranteed.
/// Implementations: in-memory, Azure Storage Queues, Azure Service Bus.
/// </summary>
public interface IMessageBus
{
    /// <summary>Sends a message, optionally visible only after <paramref name="delay"/>.</summary>
    Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>Starts consuming a queue; dispose or stop the consumer to end (in-flight handlers finish first).</summary>
    Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the dead-lettered messages of a queue (without removing them).</summary>
    Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approximately how many messages wait in a queue (not yet completed; dead letters excluded; 0 for a queue never
    /// used): the autoscaler's backlog signal. The in-memory bus counts ready and delayed messages, Storage Queues
    /// report <c>ApproximateMessagesCount</c>, Service Bus <c>ActiveMessageCount</c>. Decorators should forward it;
    /// the default says the bus cannot tell.
    /// </summary>
    Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not report queue lengths; implement {nameof(IMessageBus)}.{nameof(GetBacklogAsync)} (forward it in a decorator).");
}

/// <summary>A running consumer.</summary>
public interface IBusConsumer : IAsyncDisposable
{
    /// <summary>Stops taking new messages and waits for in-flight handlers; nothing in flight is lost.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
