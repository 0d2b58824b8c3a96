using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>A bus that delivers every completion message several times (as an at-least-once bus may).</summary>
public sealed class DuplicatingBus(IMessageBus inner, int copies) : IMessageBus
{
    private int _duplicated;

    public int Duplicated => _duplicated;

    public async Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        await inner.SendAsync(queue, message, delay, cancellationToken);
        if (queue == QueueNames.Completions)
        {
            for (var i = 1; i < copies; i++)
            {
                Interlocked.Increment(ref _duplicated);
                await inner.SendAsync(queue, message, TimeSpan.FromMilliseconds(20 * i), cancellationToken);
            }
        }
    }

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
        => inner.StartConsumerAsync(queue, handler, options, cancellationToken);

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
        => inner.PeekDeadLettersAsync(queue, maxCount, cancellationToken);

    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
        => inner.GetBacklogAsync(queue, cancellationToken);
}
