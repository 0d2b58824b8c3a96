using System.Diagnostics;
using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Development;

namespace Serverless.Local.Backends;

/// <summary>
/// DTFx's <see cref="AzureStorageOrchestrationService"/> (control queues, work-item queue, history and instance tables,
/// partition leases) on a storage account: Azurite started from node_modules unless a connection string is given.
/// Disposing deletes the task hub and stops the Azurite it started (by process id).
/// </summary>
public sealed class AzureStorageBackend : IDurableBackend
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly AzuriteLauncher? _azurite;
    private int _disposed;
    private readonly bool _deleteOnDispose;

    private AzureStorageBackend(AzureStorageOrchestrationService service, FastWaitClient client, AzuriteLauncher? azurite, string taskHub, string where, TimeSpan azuriteStart, TimeSpan taskHubCreation, bool deleteOnDispose)
    {
        _deleteOnDispose = deleteOnDispose;
        AzuriteStartTime = azuriteStart;
        TaskHubCreationTime = taskHubCreation;
        _service = service;
        Client = client;
        _azurite = azurite;
        TaskHubName = taskHub;
        Description = $"DTFx AzureStorageOrchestrationService, task hub '{taskHub}' on {where}";
    }

    public string Name => "dtfx-azurite";

    public string Description { get; }

    public string TaskHubName { get; }

    /// <summary>How long starting Azurite took (zero when a connection string was given).</summary>
    public TimeSpan AzuriteStartTime { get; }

    /// <summary>How long creating the task hub (queues, tables, lease containers) took.</summary>
    public TimeSpan TaskHubCreationTime { get; }

    /// <summary>The Azurite process this backend started, if any.</summary>
    public int? AzuriteProcessId => _azurite?.ProcessId;

    public IOrchestrationService Service => _service;

    public IOrchestrationServiceClient Client { get; }

    /// <summary>Starts Azurite when needed and creates the task hub.</summary>
    /// <exception cref="AzuriteUnavailableException">No connection string was given and Azurite could not start.</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static async Task<AzureStorageBackend> StartAsync(AzureStorageBackendOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzureStorageBackendOptions();
        Validate(options);
        var taskHub = options.TaskHubName ?? "sl" + Guid.NewGuid().ToString("N")[..16];
        AzuriteLauncher? azurite = null;
        var started = Stopwatch.GetTimestamp();
        var connectionString = options.ConnectionString;
        if (connectionString is null)
        {
            azurite = await AzuriteLauncher.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            connectionString = azurite.ConnectionString;
        }

        var azuriteStart = Stopwatch.GetElapsedTime(started);
        try
        {
            var concurrency = options.MaxConcurrentWorkItems ?? Environment.ProcessorCount;
            var settings = new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = taskHub,
                StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
                PartitionCount = options.PartitionCount,
                MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                MaxConcurrentTaskOrchestrationWorkItems = concurrency,
                MaxConcurrentTaskActivityWorkItems = concurrency,
                WorkerId = "serverless-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                UseAppLease = false,
                LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
            };
            if (options.LeaseInterval is { } lease)
            {
                // Renew at a third of the lease and look for free partitions as often, as DTFx's defaults do (30/10/10 s).
                settings.LeaseInterval = lease;
                settings.LeaseRenewInterval = lease / 3;
                settings.LeaseAcquireInterval = lease / 3;
            }

            if (options.MessageVisibilityTimeout is { } visibility)
            {
                settings.ControlQueueVisibilityTimeout = visibility;
                settings.WorkItemQueueVisibilityTimeout = visibility;
            }

            var service = new AzureStorageOrchestrationService(settings);
            started = Stopwatch.GetTimestamp();
            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
            var creation = Stopwatch.GetElapsedTime(started);
            var where = azurite is null ? "the given storage account" : $"Azurite (pid {azurite.ProcessId.ToString(CultureInfo.InvariantCulture)}, started here)";
            return new AzureStorageBackend(service, new FastWaitClient(service, options.CompletionPollingInterval), azurite, taskHub, where, azuriteStart, creation, options.DeleteTaskHubOnDispose);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes the task hub (queues, tables, lease blobs) unless <see cref="AzureStorageBackendOptions.DeleteTaskHubOnDispose"/>
    /// is off, then stops Azurite if this backend started it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_deleteOnDispose)
            {
                await _service.DeleteAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _service.Dispose();
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Validate(AzureStorageBackendOptions options)
    {
        if (options.TaskHubName is { } hub && (hub.Length is < 3 or > 45 || !char.IsAsciiLetter(hub[0]) || !hub.All(char.IsAsciiLetterOrDigit)))
        {
            throw new ArgumentException($"Task hub name '{hub}' is invalid: use 3 to 45 letters or digits, starting with a letter.", nameof(options));
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            throw new ArgumentException($"PartitionCount {options.PartitionCount} is out of range: use 1 to 16.", nameof(options));
        }

        if (options.MaxQueuePollingInterval <= TimeSpan.Zero || options.CompletionPollingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Polling intervals must be positive.", nameof(options));
        }

        if (options.LeaseInterval is { } lease && lease < TimeSpan.FromSeconds(3))
        {
            throw new ArgumentException($"LeaseInterval {lease} is too short: use at least 3 seconds.", nameof(options));
        }

        if (options.MessageVisibilityTimeout is { } visibility && visibility < TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException($"MessageVisibilityTimeout {visibility} is too short: use at least 5 seconds.", nameof(options));
        }

        if (options.MaxConcurrentWorkItems is < 1)
        {
            throw new ArgumentException($"MaxConcurrentWorkItems {options.MaxConcurrentWorkItems} must be at least 1.", nameof(options));
        }
    }
}
