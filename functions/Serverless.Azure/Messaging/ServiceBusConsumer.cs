using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Messaging;

/// <summary>A <see cref="ServiceBusProcessor"/> settling each message by the outcome of the handler.</summary>
internal sealed class ServiceBusConsumer : IBusConsumer
{
    private readonly ServiceBusProcessor _processor;
    private readonly string _queue;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly ConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abortHandlers = new();
    private int _disposed;

    public ServiceBusConsumer(ServiceBusProcessor processor, string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions options, ILogger logger)
    {
        _processor = processor;
        _queue = queue;
        _handler = handler;
        _options = options;
        _logger = logger;
        _processor.ProcessMessageAsync += OnMessageAsync;
        _processor.ProcessErrorAsync += OnErrorAsync;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _processor.StartProcessingAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        // StopProcessingAsync stops receiving and waits for running handlers; our token only aborts them when the
        // caller's stop token fires.
        using var abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abortHandlers);
        await _processor.StopProcessingAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync().ConfigureAwait(false);
            await _processor.DisposeAsync().ConfigureAwait(false);
            _abortHandlers.Dispose();
        }
    }

    private async Task OnMessageAsync(ProcessMessageEventArgs args)
    {
        var message = args.Message;
        try
        {
            await _handler(new ReceivedMessage(ServiceBusMessageBus.ToBusMessage(message), _queue, message.DeliveryCount), _abortHandlers.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (message.DeliveryCount >= _options.MaxDeliveryCount)
            {
                var description = QueueNameRules.HandlerFailed(ex, message.DeliveryCount, _options.MaxDeliveryCount);
                await args.DeadLetterMessageAsync(message, ServiceBusMessageBus.HandlerFailedReason, description, CancellationToken.None).ConfigureAwait(false);
                _logger.LogWarning("Message {MessageId} of queue {Queue} dead-lettered: {Reason}", message.MessageId, _queue, description);
            }
            else
            {
                await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        await args.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
    }

    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        _logger.LogWarning(args.Exception, "Service Bus processor error on queue {Queue} ({Source})", _queue, args.ErrorSource);
        return Task.CompletedTask;
    }
}
