using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>
/// A consumer of an <see cref="InMemoryQueue"/>: <see cref="ConsumerOptions.MaxConcurrency"/> workers compete for
/// messages with any other consumer of the same queue. Stopping stops taking messages and waits for in-flight
/// handlers; a handler cancelled by the stop token and throwing puts its message back. When the consumer's
/// connection is severed (a simulated crash) it takes nothing more and settles nothing: each message it held is
/// put back when its lease, renewed until the crash, runs out <see cref="ConsumerOptions.LockDuration"/> later.
/// </summary>
internal sealed class InMemoryConsumer : IBusConsumer
{
    private readonly InMemoryQueue _queue;
    private readonly string _queueName;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly ConsumerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopReceiving;
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly ConcurrentDictionary<Held, byte> _held = new();
    private readonly CancellationToken _severed;
    private readonly CancellationTokenRegistration _onSevered;
    private readonly Task _workers;

    public InMemoryConsumer(InMemoryQueue queue, string queueName, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions options, TimeProvider timeProvider, CancellationToken severed)
    {
        _queue = queue;
        _queueName = queueName;
        _handler = handler;
        _options = options;
        _timeProvider = timeProvider;
        _severed = severed;
        _stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(severed);
        _onSevered = severed.Register(static s => ((InMemoryConsumer)s!).LoseAll(), this);
        _workers = Task.WhenAll(Enumerable.Range(0, options.MaxConcurrency).Select(_ => Task.Run(WorkAsync)));
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        using var abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abortHandlers);
        await _workers.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _onSevered.DisposeAsync().ConfigureAwait(false);
        _stopReceiving.Dispose();
        _abortHandlers.Dispose();
    }

    private async Task WorkAsync()
    {
        var stop = _stopReceiving.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            // WaitToReadAsync does not take the message: one taken with TryRead is always handled (or, after a
            // crash, put back when its lease ends), so a stop loses nothing.
            if (stop.IsCancellationRequested || !_queue.Reader.TryRead(out var envelope))
            {
                continue;
            }

            var held = new Held(envelope);
            _held[held] = 0;
            if (_severed.IsCancellationRequested)
            {
                // Severed between the read and the registration: a crashed process does not run it.
                LoseAll();
                return;
            }

            if (stop.IsCancellationRequested)
            {
                // Stopped between the read and the registration: put it back untouched.
                if (TrySettle(held))
                {
                    _queue.Enqueue(envelope);
                }

                continue;
            }

            await HandleAsync(held).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Held held)
    {
        var envelope = held.Envelope;
        var deliveries = envelope.Deliveries + 1;
        try
        {
            await _handler(new ReceivedMessage(envelope.Message, _queueName, deliveries), _abortHandlers.Token).ConfigureAwait(false);
            TrySettle(held);
        }
        catch (Exception ex)
        {
            if (!TrySettle(held))
            {
                return;
            }

            if (deliveries >= _options.MaxDeliveryCount)
            {
                var reason = $"The handler failed on delivery {deliveries} of at most {_options.MaxDeliveryCount}: {ex.GetType().FullName}: {ex.Message}";
                _queue.DeadLetters.Enqueue(new DeadLetteredMessage(envelope.Message, _queueName, deliveries, reason));
            }
            else
            {
                _queue.Enqueue(envelope with { Deliveries = deliveries });
            }
        }
    }

    /// <summary>Settles a held message once; false when its lease was already lost to a crash.</summary>
    private bool TrySettle(Held held)
    {
        _held.TryRemove(held, out _);
        return Interlocked.CompareExchange(ref held.State, Held.Settled, Held.Holding) == Held.Holding;
    }

    private void LoseAll()
    {
        foreach (var held in _held.Keys)
        {
            if (Interlocked.CompareExchange(ref held.State, Held.Lost, Held.Holding) == Held.Holding)
            {
                _held.TryRemove(held, out _);
                _ = ReleaseWhenLeaseEndsAsync(held.Envelope);
            }
        }
    }

    private async Task ReleaseWhenLeaseEndsAsync(InMemoryEnvelope envelope)
    {
        await Task.Delay(_options.LockDuration, _timeProvider).ConfigureAwait(false);
        var deliveries = envelope.Deliveries + 1;
        if (deliveries >= _options.MaxDeliveryCount)
        {
            var reason = $"The consumer holding the message stopped without settling it (its lease of {_options.LockDuration} ran out) on delivery {deliveries} of at most {_options.MaxDeliveryCount}.";
            _queue.DeadLetters.Enqueue(new DeadLetteredMessage(envelope.Message, _queueName, deliveries, reason));
        }
        else
        {
            _queue.Enqueue(envelope with { Deliveries = deliveries });
        }
    }

    /// <summary>A message a handler of this consumer holds, and whether it was settled or lost to a crash.</summary>
    private sealed class Held(InMemoryEnvelope envelope)
    {
        public const int Holding = 0;
        public const int Settled = 1;
        public const int Lost = 2;

        public int State;

        public InMemoryEnvelope Envelope { get; } = envelope;
    }
}
