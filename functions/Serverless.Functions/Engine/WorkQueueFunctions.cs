using Microsoft.Azure.Functions.Worker;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Functions.Engine;

/// <summary>
/// A regional app's work consumer on Azure: a Storage Queues trigger on <c>work-%Serverless__Region%</c> (the
/// <c>AzureWebJobsStorage</c> account), so that the platform scales the app on the queue's length. It decodes the bus
/// envelope and runs the unit through <see cref="RegionalWorker.HandleAsync"/>, the code the hosted polling consumer
/// runs (that consumer is started only when <c>Serverless__Bus</c> is not <c>storagequeue</c>). A message that is not
/// a work item fails the invocation with an error naming what is wrong, so the host retries it and then moves it to
/// <c>work-{region}-poison</c> (host.json's maxDequeueCount): nothing is dropped.
/// </summary>
public sealed class WorkQueueFunctions(StorageQueueEnvelopeReader reader, RegionalWorker worker)
{
    public const string Name = "RegionalWorkReceived";

    /// <summary>The queue name as the trigger binds it (the app setting resolved by the host).</summary>
    public const string QueueExpression = "work-%Serverless__Region%";

    [Function(Name)]
    public Task Receive(
        [QueueTrigger(QueueExpression, Connection = "AzureWebJobsStorage")] string message,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandleAsync(message, QueueDelivery.DequeueCount(context), context.CancellationToken);
    }

    /// <summary>
    /// Runs the work item in <paramref name="message"/> (the Storage Queue bus's envelope text) and reports its
    /// completion; throws <see cref="InvalidDataException"/> when the message is not a work item.
    /// </summary>
    public async Task HandleAsync(string message, int dequeueCount, CancellationToken cancellationToken)
    {
        var queue = QueueNames.Work(worker.Region);
        var (decoded, error) = await reader.ReadAsync(message, cancellationToken).ConfigureAwait(false);
        if (decoded is null)
        {
            throw Unreadable(queue, null, error);
        }

        if (EngineMessages.ReadWorkItem(decoded, out var itemError) is null)
        {
            throw Unreadable(queue, decoded.MessageId, itemError);
        }

        await worker.HandleAsync(new ReceivedMessage(decoded, queue, dequeueCount), cancellationToken).ConfigureAwait(false);
    }

    private static InvalidDataException Unreadable(string queue, string? messageId, string? reason)
        => new($"The message{(messageId is null ? string.Empty : $" '{messageId}'")} on queue '{queue}' is not a work item: {reason ?? "unreadable"}. It is left on the queue for the host's retries and then moved to '{queue}-poison'.");
}
