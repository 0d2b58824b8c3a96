using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus.Administration;
using Serverless.Azure.Annotations;
using Serverless.Azure.Messaging;
using Serverless.Azure.Registry;
using Serverless.Azure.State;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Configuration;

/// <summary>Credential and SDK client options <see cref="AdapterFactory"/> uses instead of its defaults.</summary>
public sealed record AdapterClientOptions
{
    /// <summary>The credential of identity-based clients; null: <c>DefaultAzureCredential</c> with <c>Serverless__ManagedIdentityClientId</c>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Options (transport, retries) of the Service Bus administration client that reads queue lengths.</summary>
    public ServiceBusAdministrationClientOptions? ServiceBusAdministration { get; init; }
}

/// <summary>Builds the <see cref="IStateStore"/> and <see cref="IMessageBus"/> that <see cref="AdapterSettings"/> describe.</summary>
public static class AdapterFactory
{
    public static IStateStore CreateStateStore(AdapterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new TableStateStoreOptions { InlineLimitBytes = settings.InlineLimitBytes };
        if (!string.IsNullOrWhiteSpace(settings.StorageConnection))
        {
            return TableStateStore.FromConnectionString(settings.StorageConnection, options);
        }

        var account = RequireAccount(settings, "the state store");
        return TableStateStore.FromServiceUris(Endpoint(account, "table"), Endpoint(account, "blob"), Credential(settings), options);
    }

    public static IMessageBus CreateMessageBus(AdapterSettings settings) => CreateMessageBus(settings, null);

    /// <summary>True when <paramref name="settings"/> name storage: a connection string or an account name.</summary>
    public static bool HasStorage(AdapterSettings settings)
        => !string.IsNullOrWhiteSpace(settings?.StorageConnection) || !string.IsNullOrWhiteSpace(settings?.StorageAccountName);

    /// <summary>
    /// The run-time annotation overrides in Table Storage (table <c>annotations</c>) of the configured storage: by
    /// connection string, else by account name and managed identity (what Bicep sets). Every app instance built from the
    /// same settings shares them, and they survive restarts.
    /// </summary>
    public static TableAnnotationStore CreateAnnotationStore(AdapterSettings settings, AdapterClientOptions? clients = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.StorageConnection))
        {
            return TableAnnotationStore.FromConnectionString(settings.StorageConnection);
        }

        var account = RequireAccount(settings, "the annotation store");
        return TableAnnotationStore.FromServiceUri(Endpoint(account, "table"), clients?.Credential ?? Credential(settings));
    }

    /// <summary>
    /// The registry of deployed virtual functions in Table Storage (table <c>functions</c>) of the configured storage:
    /// by connection string, else by account name and managed identity (what Bicep sets).
    /// </summary>
    public static TableFunctionRegistry CreateFunctionRegistry(AdapterSettings settings, AdapterClientOptions? clients = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.StorageConnection))
        {
            return TableFunctionRegistry.FromConnectionString(settings.StorageConnection);
        }

        var account = RequireAccount(settings, "the function registry");
        return TableFunctionRegistry.FromServiceUri(Endpoint(account, "table"), clients?.Credential ?? Credential(settings));
    }

    /// <summary>The bus <paramref name="settings"/> describe, with the credential and client options of <paramref name="clients"/> (tests, sovereign clouds).</summary>
    public static IMessageBus CreateMessageBus(AdapterSettings settings, AdapterClientOptions? clients)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Bus?.Trim().ToLowerInvariant())
        {
            case "memory":
                return new InMemoryMessageBus(TimeProvider.System);
            case "storagequeue" or "" or null:
                if (!string.IsNullOrWhiteSpace(settings.StorageConnection))
                {
                    return StorageQueueMessageBus.FromConnectionString(settings.StorageConnection);
                }

                var account = RequireAccount(settings, "the Storage Queue bus");
                return StorageQueueMessageBus.FromServiceUris(Endpoint(account, "queue"), Endpoint(account, "blob"), clients?.Credential ?? Credential(settings));
            case "servicebus":
                if (!string.IsNullOrWhiteSpace(settings.ServiceBusConnection))
                {
                    return ServiceBusMessageBus.FromConnectionString(settings.ServiceBusConnection);
                }

                if (!string.IsNullOrWhiteSpace(settings.ServiceBusNamespace))
                {
                    // Queues are provisioned by the infrastructure; a managed identity has no Manage rights.
                    // The administration client still reads queue lengths for the autoscaler (Data Owner on the namespace).
                    return ServiceBusMessageBus.FromNamespace(
                        settings.ServiceBusNamespace,
                        clients?.Credential ?? Credential(settings),
                        new ServiceBusMessageBusOptions { CreateMissingQueues = false },
                        administrationOptions: clients?.ServiceBusAdministration);
                }

                throw new ArgumentException("Serverless__Bus is 'servicebus' but neither Serverless__ServiceBusConnection nor Serverless__ServiceBusNamespace is set; set one of them.");
            default:
                throw new ArgumentException($"Serverless__Bus is '{settings.Bus}'; use 'storagequeue', 'servicebus' or 'memory'.");
        }
    }

    private static string RequireAccount(AdapterSettings settings, string what)
        => string.IsNullOrWhiteSpace(settings.StorageAccountName)
            ? throw new ArgumentException($"No storage is configured for {what}: set Serverless__StorageConnection (for example 'UseDevelopmentStorage=true' with Azurite) or Serverless__StorageAccountName (managed identity on Azure).")
            : settings.StorageAccountName.Trim();

    private static Uri Endpoint(string account, string service) => new($"https://{account}.{service}.core.windows.net");

    private static TokenCredential Credential(AdapterSettings settings)
        => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId) ? null : settings.ManagedIdentityClientId });
}
