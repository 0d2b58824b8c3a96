using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Functions.Engine;

/// <summary>
/// The orchestrator app's completion consumer on Azure: a Storage Queues trigger on <c>%Serverless__CompletionQueue%</c>
/// (the <c>AzureWebJobsStorage</c> account, connection string or identity-based) that decodes the bus envelope and
/// raises <c>UnitCompleted</c> through <see cref="CompletionConsumer.HandleAsync"/>, the code the embedded engine's
/// hosted consumer runs: completions for finished or unknown instances are dropped, duplicates are ignored by the
/// orchestrator. A message that keeps failing goes to <c>{queue}-poison</c> after the host's maxDequeueCount.
/// </summary>
public sealed class CompletionQueueFunctions(StorageQueueEnvelopeReader reader, IMessageBus bus, ILoggerFactory loggers)
{
    public const string Name = "CompletionReceived";

    private readonly ILogger _logger = loggers.CreateLogger<CompletionQueueFunctions>();

    [Function(Name)]
    public Task Receive(
        [QueueTrigger("%Serverless__CompletionQueue%", Connection = "AzureWebJobsStorage")] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
        => HandleAsync(message, client, QueueDelivery.DequeueCount(context), context.CancellationToken);

    /// <summary>Decodes the envelope and raises the completion on its instance; unreadable messages are logged and dropped.</summary>
    public async Task HandleAsync(string message, DurableTaskClient client, int dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (decoded, error) = await reader.ReadAsync(message, cancellationToken).ConfigureAwait(false);
        if (decoded is null)
        {
            _logger.LogWarning("Dropped an unreadable completion message: {Error}", error);
            return;
        }

        var consumer = new CompletionConsumer(bus, client, loggers.CreateLogger<CompletionConsumer>());
        await consumer.HandleAsync(new ReceivedMessage(decoded, Serverless.Contracts.Plans.QueueNames.Completions, dequeueCount), cancellationToken).ConfigureAwait(false);
    }
}
