using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Serverless.Development;
using Serverless.Local.Backends;

namespace Serverless.Local.Tests.Backends;

/// <summary>
/// Stopping DTFx Azure Storage as the sidecar does (after its dispatchers stopped): with the storage account alive the
/// partitions are released; with it gone the stop returns within its bound instead of throwing ten minutes later from
/// the sidecar's <c>async void</c> stopping callback, which ends the process.
/// </summary>
public sealed class BoundedStopTests
{
    [SkippableFact]
    public async Task Stop_StorageAlive_ReleasesEveryPartitionWithoutWarning()
    {
        await using var azurite = await StartAzuriteOrSkipAsync();
        var hub = "b" + Guid.NewGuid().ToString("N")[..12];
        await using var backend = await StartBackendAsync(azurite, hub, deleteOnDispose: true);
        var log = new RecordingLogger();
        var service = new BoundedStopOrchestrationService(backend.Service, TimeSpan.FromSeconds(60), log);
        await service.StartAsync();
        var leases = new TableClient(azurite.ConnectionString, hub + "Partitions");
        await WaitForAsync(async () => await OwnedAsync(leases) == 2, "both partitions owned");

        await service.StopAsync();

        Assert.Empty(log.Warnings);
        Assert.Equal(0, await OwnedAsync(leases));
    }

    [SkippableFact]
    public async Task Stop_StorageGone_ReturnsWithinItsBoundAndLogsInsteadOfThrowing()
    {
        var azurite = await StartAzuriteOrSkipAsync();
        var hub = "b" + Guid.NewGuid().ToString("N")[..12];
        var backend = await StartBackendAsync(azurite, hub, deleteOnDispose: false);
        try
        {
            var log = new RecordingLogger();
            var service = new BoundedStopOrchestrationService(backend.Service, TimeSpan.FromSeconds(3), log);
            await service.StartAsync();
            var leases = new TableClient(azurite.ConnectionString, hub + "Partitions");
            await WaitForAsync(async () => await OwnedAsync(leases) == 2, "both partitions owned");
            Process.GetProcessById(azurite.ProcessId).Kill(entireProcessTree: true);

            // DTFx's own graceful stop retries the gone partition table for ten minutes, then throws.
            await service.StopAsync();

            var warning = Assert.Single(log.Warnings);
            Assert.Contains("did not stop within 00:00:03", warning, StringComparison.Ordinal);
        }
        finally
        {
            await backend.DisposeAsync();
            await azurite.DisposeAsync();
        }
    }

    private static async Task<AzureStorageBackend> StartBackendAsync(AzuriteLauncher azurite, string hub, bool deleteOnDispose)
        => await AzureStorageBackend.StartAsync(new AzureStorageBackendOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHubName = hub,
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
            DeleteTaskHubOnDispose = deleteOnDispose,
        });

    private static async Task<int> OwnedAsync(TableClient leases)
    {
        var owned = 0;
        await foreach (var lease in leases.QueryAsync<TableEntity>())
        {
            if (!string.IsNullOrEmpty(lease.GetString("CurrentOwner")))
            {
                owned++;
            }
        }

        return owned;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(200);
        }
    }

    private static async Task<AzuriteLauncher> StartAzuriteOrSkipAsync()
    {
        try
        {
            return await AzuriteLauncher.StartAsync(TimeSpan.FromSeconds(30));
        }
        catch (AzuriteUnavailableException ex)
        {
            throw new SkipException("Azurite cannot start here: " + ex.Message);
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
