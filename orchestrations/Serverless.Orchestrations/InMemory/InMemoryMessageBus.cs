using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>
/// <see cref="IMessageBus"/> over in-process channels, for the embedded engine and tests. Same contract as the Azure
/// buses: at-least-once, redelivery when a handler throws, dead-letter with the reason after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> deliveries, delayed sends (timed by the injected
/// <see cref="TimeProvider"/>), competing consumers. A live consumer holds a message until its handler finishes (its
/// lease is renewed all along). <see cref="OpenConnection"/> gives another client of the same queues, as a second
/// process would have; <see cref="Sever"/> simulates that process crashing: its consumers take nothing more and
/// settle nothing, and each message they held becomes visible again when its lease
/// (<see cref="ConsumerOptions.LockDuration"/>) runs out, as on Storage Queues or Service Bus.
/// </summary>
public sealed class InMemoryMessageBus : IMessageBus
{
    private readonly ConcurrentDictionary<string, InMemoryQueue> _queues;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _severed = new();

    /// <param name="timeProvider">The clock delays are measured on: the host passes the system clock, tests may pass a fake.</param>
    public InMemoryMessageBus(TimeProvider timeProvider)
        : this(new ConcurrentDictionary<string, InMemoryQueue>(StringComparer.Ordinal), timeProvider)
    {
    }

    private InMemoryMessageBus(ConcurrentDictionary<string, InMemoryQueue> queues, TimeProvider timeProvider)
    {
        _queues = queues;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Whether <see cref="Sever"/> was called on this connection.</summary>
    public bool IsSevered => _severed.IsCancellationRequested;

    /// <summary>Another connection to the same queues (what a second process would hold); it can be severed alone.</summary>
    public InMemoryMessageBus OpenConnection() => new(_queues, _timeProvider);

    /// <summary>
    /// Simulates the crash of the process holding this connection: its consumers stop taking messages and settle
    /// none (neither complete nor abandon), the messages they held come back after their lease
    /// (<see cref="ConsumerOptions.LockDuration"/>), and sending or consuming through it fails. Other connections
    /// are unaffected.
    /// </summary>
    public void Sever() => _severed.Cancel();

    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } d && d < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"The delay for queue '{queue}' is negative; pass null or a non-negative delay.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfSevered(queue);
        var copy = Copy(message);
        var target = Queue(queue);
        if (delay is { } wait && wait > TimeSpan.Zero)
        {
            _ = DeliverLaterAsync(target, copy, wait);
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
        ThrowIfSevered(queue);
        IBusConsumer consumer = new InMemoryConsumer(Queue(queue), queue, handler, options, _timeProvider, _severed.Token);
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

    /// <summary>Messages ready in the queue plus delayed ones not yet delivered (messages held by a handler are not counted).</summary>
    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
    {
        ValidateQueue(queue);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_queues.TryGetValue(queue, out var q) ? q.Reader.Count + q.DelayedCount : 0L);
    }

    private static void ValidateQueue(string queue)
    {
        if (string.IsNullOrWhiteSpace(queue))
        {
            throw new ArgumentException("The queue name is empty; pass the name of the queue to use.", nameof(queue));
        }
    }

    private void ThrowIfSevered(string queue)
    {
        if (IsSevered)
        {
            throw new InvalidOperationException($"This connection to the in-memory bus was severed (a simulated crash); nothing can be sent to or consumed from '{queue}' through it. Use another connection.");
        }
    }

    private static BusMessage Copy(BusMessage message) => message with
    {
        Body = message.Body.ToArray(),
        Properties = message.Properties is null ? null : new Dictionary<string, string>(message.Properties, StringComparer.Ordinal),
    };

    private async Task DeliverLaterAsync(InMemoryQueue target, BusMessage message, TimeSpan delay)
    {
        target.BeginDelay();
        try
        {
            await Task.Delay(delay, _timeProvider).ConfigureAwait(false);
            target.Enqueue(new InMemoryEnvelope(message, 0));
        }
        finally
        {
            target.EndDelay();
        }
    }

    private InMemoryQueue Queue(string name) => _queues.GetOrAdd(name, static _ => new InMemoryQueue());
}
