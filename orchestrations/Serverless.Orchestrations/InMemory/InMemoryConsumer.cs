using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>
/// A consumer of an <see cref="InMemoryQueue"/>: <see cref="ConsumerOptions.MaxConcurrency"/> workers compete for
/// messages with any other consumer of the same queue. Stopping stops taking messages and waits for in-flight
/// handlers; a handler cancelled by the stop token and throwing puts its message back.
/// </summary>
internal sealed class InMemoryConsumer : IBusConsumer
{
    private readonly InMemoryQueue _queue;
    private readonly string _queueName;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly ConsumerOptions _options;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly Task _workers;

    public InMemoryConsumer(InMemoryQueue queue, string queueName, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions options)
    {
        _queue = queue;
        _queueName = queueName;
        _handler = handler;
        _options = options;
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

            // WaitToReadAsync does not take the message: one taken with TryRead is always handled, so a stop loses nothing.
            if (stop.IsCancellationRequested || !_queue.Reader.TryRead(out var envelope))
            {
                continue;
            }

            await HandleAsync(envelope).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(InMemoryEnvelope envelope)
    {
        var deliveries = envelope.Deliveries + 1;
        try
        {
            await _handler(new ReceivedMessage(envelope.Message, _queueName, deliveries), _abortHandlers.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
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
}
