using Microsoft.Extensions.Hosting;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Hosting;

/// <summary>
/// Hosts one <see cref="IMessageBus"/> consumer as an <see cref="IHostedService"/>: starts it with the host and stops it
/// gracefully on shutdown (in-flight handlers finish; the host's shutdown timeout cancels them).
/// </summary>
public sealed class MessageConsumerService : IHostedService, IAsyncDisposable
{
    private readonly IMessageBus _bus;
    private readonly string _queue;
    private readonly Func<ReceivedMessage, CancellationToken, Task> _handler;
    private readonly ConsumerOptions? _options;
    private IBusConsumer? _consumer;

    public MessageConsumerService(IMessageBus bus, string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(handler);
        _bus = bus;
        _queue = queue;
        _handler = handler;
        _options = options;
    }

    public string Queue => _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
        => _consumer = await _bus.StartConsumerAsync(_queue, _handler, _options, cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_consumer is { } consumer)
        {
            await consumer.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_consumer is { } consumer)
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
            _consumer = null;
        }
    }
}
