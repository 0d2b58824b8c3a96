using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Messaging;

/// <summary>
/// Puts every queue of a bus under a prefix, so engines sharing one storage account (two `serverless run --storage`
/// processes, tests running at the same time, or one after another on a persistent account) never take each other's
/// work items or completions. The prefix must keep queue names valid (Storage Queues: lowercase letters, digits and
/// single hyphens); <see cref="StorageQueueMessageBus.DeleteQueuesAsync"/> removes a prefix's queues afterwards.
/// </summary>
public sealed class QueuePrefixBus(IMessageBus inner, string prefix) : IMessageBus
{
    /// <summary>The prefix every queue name gets.</summary>
    public string Prefix => prefix;

    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => inner.SendAsync(prefix + queue, message, delay, cancellationToken);

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return inner.StartConsumerAsync(prefix + queue, (m, ct) => handler(m with { Queue = queue }, ct), options, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
        => [.. (await inner.PeekDeadLettersAsync(prefix + queue, maxCount, cancellationToken)).Select(d => d with { Queue = queue })];

    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
        => inner.GetBacklogAsync(prefix + queue, cancellationToken);
}
