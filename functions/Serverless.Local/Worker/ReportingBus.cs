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
    /// <summary>What every line starts with; then <see cref="Took"/>, <see cref="Finished"/> or <see cref="HandedBack"/> and the key.</summary>
    public const string LinePrefix = "serverless worker: ";

    public const string Took = "took ";

    public const string Finished = "finished ";

    public const string HandedBack = "handed back ";

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
                Write($"{Took}{key} (delivery {received.DeliveryCount.ToString(CultureInfo.InvariantCulture)})");
                try
                {
                    await handler(received, ct).ConfigureAwait(false);
                }
                catch
                {
                    Write(HandedBack + key);
                    throw;
                }

                Write(Finished + key);
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
            output.WriteLine(LinePrefix + line);
            output.Flush();
        }
    }
}
