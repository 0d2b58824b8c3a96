using System.Globalization;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Local.Worker;

/// <summary>
/// The worker process's bus: passes everything through and prints one line per work item taken, settled or handed
/// back (`took x/0/1`, `finished x/0/1`, `handed back x/0/1`), so that the terminal shows what a crash or a stop did.
/// </summary>
internal sealed class ReportingBus(IMessageBus inner, TextWriter output) : IMessageBus
{
    private readonly Lock _gate = new();

    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => inner.SendAsync(queue, message, delay, cancellationToken);

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return inner.StartConsumerAsync(
            queue,
            async (received, ct) =>
            {
                var key = EngineMessages.ReadWorkItem(received.Message, out _)?.IdempotencyKey ?? received.Message.MessageId;
                Write($"took {key} (delivery {received.DeliveryCount.ToString(CultureInfo.InvariantCulture)})");
                try
                {
                    await handler(received, ct).ConfigureAwait(false);
                }
                catch
                {
                    Write($"handed back {key}");
                    throw;
                }

                Write($"finished {key}");
            },
            options,
            cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
        => inner.PeekDeadLettersAsync(queue, maxCount, cancellationToken);

    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default) => inner.GetBacklogAsync(queue, cancellationToken);

    private void Write(string line)
    {
        lock (_gate)
        {
            output.WriteLine("serverless worker: " + line);
            output.Flush();
        }
    }
}
