using Serverless.Azure.Configuration;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Engine;

/// <summary>
/// The app's <see cref="IMessageBus"/> from its settings. Completions always travel on the storage queue
/// <c>Serverless__CompletionQueue</c> (a Storage Queues trigger consumes them: no Service Bus trigger extension is
/// available to this worker). With <c>Serverless__Bus=servicebus</c> only work items use Service Bus (by connection
/// string, or by namespace and managed identity as Bicep configures it); the completion queue is routed to the Storage
/// Queue bus of the same storage account.
/// </summary>
public static class AppMessageBus
{
    public static IMessageBus Create(AdapterSettings adapters, string completionQueue, AdapterClientOptions? clients = null)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var primary = AdapterFactory.CreateMessageBus(adapters, clients);
        return string.Equals(adapters.Bus?.Trim(), "servicebus", StringComparison.OrdinalIgnoreCase)
            ? new CompletionRoutingMessageBus(primary, AdapterFactory.CreateMessageBus(adapters with { Bus = "storagequeue" }, clients), completionQueue)
            : primary;
    }
}
