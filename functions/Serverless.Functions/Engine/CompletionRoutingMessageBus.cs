using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Engine;

/// <summary>
/// With <c>Serverless__Bus=servicebus</c>: work items travel on Service Bus, but completions go to the storage queue
/// of the same name, because the app consumes completions with a Storage Queues trigger (no Service Bus trigger
/// extension is available to the isolated worker here). Every other queue goes to the primary bus.
/// </summary>
internal sealed class CompletionRoutingMessageBus(IMessageBus primary, IMessageBus completions, string completionQueue) : IMessageBus
{
    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => For(queue).SendAsync(queue, message, delay, cancellationToken);

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
        => For(queue).StartConsumerAsync(queue, handler, options, cancellationToken);

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
        => For(queue).PeekDeadLettersAsync(queue, maxCount, cancellationToken);

    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
        => For(queue).GetBacklogAsync(queue, cancellationToken);

    private IMessageBus For(string queue) => string.Equals(queue, completionQueue, StringComparison.Ordinal) ? completions : primary;
}
