using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Serverless.Azure.Messaging;
using Serverless.Azure.State;
using Serverless.Development;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Commands;

/// <summary>
/// Azure Storage opened for one process of `run`, `demo`, `serve` or `worker`: the connection string (of Azurite when
/// this session started it), the Table state store, and a Storage Queue bus whose queues carry a prefix. A private
/// session's prefix is its own, so another process on the same account never takes its work or completions, and
/// disposing deletes those queues. A shared session (`serve` and `worker` on one task hub) takes the task hub's prefix,
/// so that all of them agree on the queues, and leaves the queues (with the work in them) when it ends. Disposing
/// stops Azurite when the session started it.
/// </summary>
public sealed class StorageSession : IAsyncDisposable
{
    private readonly AzuriteLauncher? _azurite;
    private int _disposed;

    private readonly bool _shared;

    private StorageSession(string connectionString, AzuriteLauncher? azurite, StorageQueueMessageBus queues, string queuePrefix, bool shared)
    {
        _shared = shared;
        ConnectionString = connectionString;
        _azurite = azurite;
        Queues = queues;
        QueuePrefix = queuePrefix;
        Store = TableStateStore.FromConnectionString(connectionString);
        Bus = new QueuePrefixBus(queues, queuePrefix);
    }

    /// <summary>The storage connection string (Azurite's when this session started it).</summary>
    public string ConnectionString { get; }

    /// <summary>The prefix of every queue this session's bus uses (`run…-work-{region}`, …).</summary>
    public string QueuePrefix { get; }

    /// <summary>Engine variables in table 'splitstate' (large ones in blobs).</summary>
    public IStateStore Store { get; }

    /// <summary>Work and completions on Storage Queues under <see cref="QueuePrefix"/>.</summary>
    public IMessageBus Bus { get; }

    /// <summary>The unprefixed queue bus (for callers that wrap or tidy it themselves).</summary>
    public StorageQueueMessageBus Queues { get; }

    /// <summary>Azurite's process and ports when this session started it, else null.</summary>
    public AzuriteLauncher? Azurite => _azurite;

    /// <summary>Where the storage is, for the commands' first lines: Azurite's pid and ports, or the account (never its key).</summary>
    public string Description => _azurite is { } a
        ? string.Create(CultureInfo.InvariantCulture, $"Azurite started for this process (pid {a.ProcessId}; blob :{a.BlobPort}, queue :{a.QueuePort}, table :{a.TablePort})")
        : Describe(ConnectionString);

    /// <summary>True when the session's queues are shared with other processes (kept when it ends).</summary>
    public bool IsShared => _shared;

    /// <summary>The queue prefix of a task hub shared by `serve` and `worker` processes: its lowercase name and a hyphen.</summary>
    public static string SharedPrefix(string taskHub)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHub);
        return taskHub.ToLowerInvariant() + "-";
    }

    internal static async Task<StorageSession> OpenAsync(StorageOption option, string? sharedPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(option);
        AzuriteLauncher? azurite = null;
        var connection = option.ConnectionString;
        if (option.StartsAzurite)
        {
            try
            {
                azurite = await AzuriteLauncher.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AzuriteUnavailableException ex)
            {
                throw new UsageException($"--storage azurite: cannot start Azurite ({ex.Message}); run `npm ci` in the repository or pass a connection string");
            }

            connection = azurite.ConnectionString;
        }

        try
        {
            // Against the emulator started here, poll the queues briskly (25–200 ms) so makespans show the plan, not the
            // default 2 s idle back-off; a real account keeps the defaults (every poll is a transaction).
            var queues = azurite is null && !IsEmulator(connection!)
                ? StorageQueueMessageBus.FromConnectionString(connection!)
                : StorageQueueMessageBus.FromConnectionString(connection!, new StorageQueueMessageBusOptions { MinPollInterval = TimeSpan.FromMilliseconds(25), MaxPollInterval = TimeSpan.FromMilliseconds(200) });
            var prefix = sharedPrefix ?? "run" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)) + "-";
            return new StorageSession(connection!, azurite, queues, prefix, sharedPrefix is not null);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw new UsageException($"--storage: not a usable storage connection string ({ex.Message}); pass 'azurite' or a connection string like 'DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…'");
        }
    }

    /// <summary>Azurite's well-known account (or the development storage shortcut): polled briskly, as it costs nothing.</summary>
    internal static bool IsEmulator(string connection)
        => connection.Contains(AzuriteLauncher.AccountName, StringComparison.Ordinal)
        || connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The account or endpoint of a connection string, never its key.</summary>
    internal static string Describe(string connection)
    {
        var parts = connection.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim() is "AccountName" or "TableEndpoint" or "QueueEndpoint" or "UseDevelopmentStorage")
            .Select(p => $"{p[0].Trim()}={p[1].Trim()}");
        var text = string.Join(", ", parts);
        return text.Length == 0 ? "the given account" : text;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_shared)
        {
            try
            {
                await Queues.DeleteQueuesAsync(QueuePrefix).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Tidying only: the process's work is done; its empty queues are harmless.
            }
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
    }
}
