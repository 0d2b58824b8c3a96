using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Messaging;

/// <summary>
/// Polls one Storage queue and runs up to <see cref="ConsumerOptions.MaxConcurrency"/> handlers. It receives only as
/// many messages as it has free handler slots, so stopping never strands a received message.
/// </summary>
internal sealed class StorageQueueConsumer : IBusConsumer
{
    private const int MaxReceive = 32;

    private readonly StorageQueueMessageBus _bus;
    private readonly QueueClient _queue;
    private readonly string _queueName;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly ConsumerOptions _options;
    private readonly StorageQueueMessageBusOptions _busOptions;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly List<Task> _inFlight = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private int _disposed;

    public StorageQueueConsumer(StorageQueueMessageBus bus, QueueClient queue, string queueName, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions options, StorageQueueMessageBusOptions busOptions, ILogger logger)
    {
        _bus = bus;
        _queue = queue;
        _queueName = queueName;
        _handler = handler;
        _options = options;
        _busOptions = busOptions;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        using var abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abortHandlers);
        await _loop.ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _inFlight];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync().ConfigureAwait(false);
            _stopReceiving.Dispose();
            _abortHandlers.Dispose();
            _slots.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var stop = _stopReceiving.Token;
        var idle = _busOptions.MinPollInterval;
        var visibility = _options.LockDuration;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
                var free = 1;
                while (free < MaxReceive && _slots.Wait(0))
                {
                    free++;
                }

                QueueMessage[] messages;
                try
                {
                    // Not cancelled by the stop token: a receive that completes on the service must reach a handler.
                    messages = (await _queue.ReceiveMessagesAsync(free, visibility, CancellationToken.None).ConfigureAwait(false)).Value;
                }
                catch
                {
                    _slots.Release(free);
                    throw;
                }

                if (messages.Length < free)
                {
                    _slots.Release(free - messages.Length);
                }

                foreach (var message in messages)
                {
                    Track(HandleAsync(message));
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(idle, stop).ConfigureAwait(false);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _busOptions.MaxPollInterval.Ticks));
                }
                else
                {
                    idle = _busOptions.MinPollInterval;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // The service is unreachable or throttling: keep the consumer alive and try again.
                _logger.LogWarning(ex, "Receiving from queue {Queue} failed; retrying", _queueName);
                await Task.Delay(_busOptions.MaxPollInterval, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _inFlight.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task HandleAsync(QueueMessage message)
    {
        await Task.Yield();
        var lease = new Lease(message.PopReceipt);
        var deliveries = (int)Math.Min(message.DequeueCount, int.MaxValue);
        try
        {
            QueueEnvelope envelope;
            BusMessage busMessage;
            try
            {
                envelope = StorageQueueMessageBus.Deserialize(message.MessageText);
                busMessage = await _bus.ToBusMessageAsync(envelope, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or RequestFailedException)
            {
                // Retrying cannot fix an unreadable message: dead-letter it at once.
                var raw = new QueueEnvelope { MessageId = message.MessageId, Body = message.Body.ToArray() };
                await DeadLetterAsync(message, lease, raw, $"The message could not be read as a bus envelope: {ex.GetType().Name}: {ex.Message}", deliveries).ConfigureAwait(false);
                return;
            }

            Exception? failure = null;
            using (var renewal = new CancellationTokenSource())
            {
                var renewing = RenewAsync(message.MessageId, lease, renewal.Token);
                try
                {
                    await _handler(new ReceivedMessage(busMessage, _queueName, deliveries), _abortHandlers.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }

            if (failure is null)
            {
                if (await TryDeleteAsync(message.MessageId, lease).ConfigureAwait(false) && envelope.Blob is { } blob)
                {
                    await _bus.DeleteBlobAsync(blob, CancellationToken.None).ConfigureAwait(false);
                }
            }
            else if (deliveries >= _options.MaxDeliveryCount)
            {
                await DeadLetterAsync(message, lease, envelope, QueueNameRules.HandlerFailed(failure, deliveries, _options.MaxDeliveryCount), deliveries).ConfigureAwait(false);
            }
            else
            {
                await AbandonAsync(message.MessageId, lease).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // The message stays in the queue and reappears when its visibility timeout ends.
            _logger.LogError(ex, "Settling message {MessageId} of queue {Queue} failed", message.MessageId, _queueName);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RenewAsync(string messageId, Lease lease, CancellationToken cancellationToken)
    {
        // A third of the lock: two renewals may be late (a busy machine) before another consumer could see the message.
        var every = TimeSpan.FromTicks(_options.LockDuration.Ticks / 3);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, cancellationToken).ConfigureAwait(false);
                var receipt = await _queue.UpdateMessageAsync(messageId, lease.PopReceipt, (string?)null, _options.LockDuration, CancellationToken.None).ConfigureAwait(false);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RequestFailedException ex)
            {
                _logger.LogWarning(ex, "Could not extend the visibility of message {MessageId} of queue {Queue}; another consumer may receive it", messageId, _queueName);
                return;
            }
        }
    }

    private async Task<bool> TryDeleteAsync(string messageId, Lease lease)
    {
        try
        {
            await _queue.DeleteMessageAsync(messageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Our lease ran out and another consumer holds the message now; it will settle it.
            _logger.LogWarning("Message {MessageId} of queue {Queue} was received again elsewhere before it could be deleted", messageId, _queueName);
            return false;
        }
    }

    private async Task AbandonAsync(string messageId, Lease lease)
    {
        try
        {
            await _queue.UpdateMessageAsync(messageId, lease.PopReceipt, (string?)null, _busOptions.RetryDelay, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already visible again and received elsewhere.
        }
    }

    private async Task DeadLetterAsync(QueueMessage message, Lease lease, QueueEnvelope envelope, string reason, int deliveries)
    {
        var letter = envelope with { Reason = reason, Deliveries = deliveries, Queue = _queueName };
        await _bus.SendTextAsync(_queueName + QueueNameRules.PoisonSuffix, StorageQueueMessageBus.Serialize(letter), null, CancellationToken.None).ConfigureAwait(false);
        await TryDeleteAsync(message.MessageId, lease).ConfigureAwait(false);
        _logger.LogWarning("Message {MessageId} of queue {Queue} dead-lettered: {Reason}", message.MessageId, _queueName, reason);
    }

    /// <summary>The current pop receipt of a received message (it changes with every visibility update).</summary>
    private sealed class Lease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;
    }
}
