namespace Serverless.Local.Commands;

/// <summary>
/// The `--storage &lt;connection string&gt;|azurite` option of `run`, `demo` and `serve`: Azure Storage (tables, blobs and
/// queues) for the engine's state, bus and annotations. <see cref="OpenAsync"/> starts Azurite when asked and gives a
/// <see cref="StorageSession"/> whose queues carry a prefix of their own and are deleted when it ends.
/// </summary>
public sealed record StorageOption
{
    /// <summary>The value that starts Azurite from the repository's node_modules for this process.</summary>
    public const string AzuriteValue = "azurite";

    /// <summary>What the option takes, for usage and error text.</summary>
    public const string ValueHelp = "<connection string>|azurite";

    private StorageOption(string? connectionString) => ConnectionString = connectionString;

    /// <summary>The given connection string; null when <see cref="StartsAzurite"/>.</summary>
    public string? ConnectionString { get; }

    /// <summary>`--storage azurite`: start Azurite for this process and use it.</summary>
    public bool StartsAzurite => ConnectionString is null;

    /// <summary>The option's value as given on the command line; throws <see cref="UsageException"/> when it is missing.</summary>
    public static StorageOption Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException("--storage needs a value: a storage connection string (e.g. UseDevelopmentStorage=true) or 'azurite' to start Azurite for this process");
        }

        return new StorageOption(value.Trim().Equals(AzuriteValue, StringComparison.OrdinalIgnoreCase) ? null : value);
    }

    /// <summary>
    /// Opens the storage: starts Azurite when asked (a usage error naming what to do when it cannot start), checks the
    /// connection string, and gives the session of this process with a fresh queue prefix.
    /// </summary>
    public Task<StorageSession> OpenAsync(CancellationToken cancellationToken = default) => StorageSession.OpenAsync(this, null, cancellationToken);

    /// <summary>
    /// Opens the storage for processes sharing the task hub <paramref name="taskHub"/> (`serve`, `worker`): queues under
    /// <see cref="StorageSession.SharedPrefix"/>, kept when the session ends.
    /// </summary>
    public Task<StorageSession> OpenSharedAsync(string taskHub, CancellationToken cancellationToken = default) => StorageSession.OpenAsync(this, StorageSession.SharedPrefix(taskHub), cancellationToken);

    public override string ToString() => StartsAzurite ? AzuriteValue : "(connection string)";
}
