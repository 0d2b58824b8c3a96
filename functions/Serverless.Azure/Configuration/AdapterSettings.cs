namespace Serverless.Azure.Configuration;

/// <summary>
/// The storage and bus settings of the app (<c>Serverless__*</c>, see docs/configuration.md), from which
/// <see cref="AdapterFactory"/> builds the state store and the message bus.
/// </summary>
public sealed record AdapterSettings
{
    /// <summary><c>Serverless__StorageConnection</c>: Table/Blob/Queue storage by connection string.</summary>
    public string? StorageConnection { get; init; }

    /// <summary><c>Serverless__StorageAccountName</c>: identity-based storage on Azure when no connection string is set.</summary>
    public string? StorageAccountName { get; init; }

    /// <summary><c>Serverless__ManagedIdentityClientId</c>: the user-assigned identity to authenticate with.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary><c>Serverless__Bus</c>: <c>storagequeue</c> (default), <c>servicebus</c> or <c>memory</c>.</summary>
    public string Bus { get; init; } = "storagequeue";

    /// <summary><c>Serverless__ServiceBusConnection</c>: Service Bus by connection string.</summary>
    public string? ServiceBusConnection { get; init; }

    /// <summary><c>Serverless__ServiceBusNamespace</c>: Service Bus by managed identity (<c>name.servicebus.windows.net</c>).</summary>
    public string? ServiceBusNamespace { get; init; }

    /// <summary><c>Serverless__InlineLimitBytes</c>: state values above this go to Blob Storage.</summary>
    public int InlineLimitBytes { get; init; } = 32 * 1024;
}
