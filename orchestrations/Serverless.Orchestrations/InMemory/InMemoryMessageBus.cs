using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>
/// <see cref="IMessageBus"/> over in-process channels, for the embedded engine and tests. Same contract as the Azure
/// buses: at-least-once, redelivery when a handler throws, dead-letter with the reason after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> deliveries, delayed sends (timed by the injected
/// <see cref="TimeProvider"/>), competing consumers. A message is held by one handler until it finishes, so
/// <see cref="ConsumerOptions.LockDuration"/> has nothing to renew here.
/// </summary>
public sealed class InMemoryMessageBus : IMessageBus
{
    private readonly ConcurrentDictionary<string, InMemoryQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _delayed = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <param name="timeProvider">The clock delays are measured on: the host passes the system clock, tests may pass a fake.</param>
    public InMemoryMessageBus(TimeProvider timeProvider) => _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"The delay for queue '{queue}' is negative; pass null or a non-negative delay.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var copy = Copy(message);
        var target = Queue(queue);
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            _ = DeliverLaterAsync(queue, target, copy, wait);
        }
        else
        {
            target.Enqueue(new InMemoryEnvelope(copy, 0));
        }

        return Task.CompletedTask;
    }

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new ConsumerOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        IBusConsumer consumer = new InMemoryConsumer(Queue(queue), queue, handler, options);
        return Task.FromResult(consumer);
    }

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<DeadLetteredMessage> result = _queues.TryGetValue(queue, out var q) ? q.DeadLetters.Take(maxCount).ToList() : [];
        return Task.FromResult(result);
    }

    /// <summary>Messages ready in the queue plus delayed ones not yet delivered (in-flight messages are not counted).</summary>
    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        cancellationToken.ThrowIfCancellationRequested();
        var ready = _queues.TryGetValue(queue, out var q) ? q.Reader.Count : 0;
        var delayed = _delayed.TryGetValue(queue, out var d) ? Interlocked.Read(ref d.Value) : 0;
        return Task.FromResult(ready + delayed);
    }

    private static void ValidateQueue(string queue)
    {
        if (string.IsNullOrWhiteSpace(queue))
        {
            throw new ArgumentException("The queue name is empty; pass the name of the queue to use.", nameof(queue));
        }
    }

    private static BusMessage Copy(BusMessage message) => message with
    {
        Body = message.Body.ToArray(),
        Properties = message.Properties is null ? null : new Dictionary<string, string>(message.Properties, StringComparer.Ordinal),
    };

    private async Task DeliverLaterAsync(string queue, InMemoryQueue target, BusMessage message, TimeSpan delay)
    {
        var pending = _delayed.GetOrAdd(queue, static _ => new StrongBox<long>());
        Interlocked.Increment(ref pending.Value);
        try
        {
            await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
            target.Enqueue(new InMemoryEnvelope(message, 0));
        }
        finally
        {
            Interlocked.Decrement(ref pending.Value);
        }
    }

    private InMemoryQueue Queue(string name) => _queues.GetOrAdd(name, static _ => new InMemoryQueue());
}
