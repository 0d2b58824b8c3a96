using Microsoft.Extensions.Logging;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Backends;

/// <summary>
/// The engine of one `run` or `demo` process. With `--storage` it is the durable one, as in `serve`: DTFx's Azure
/// Storage backend on a task hub of this process alone (deleted when it ends, as its queues are), Table state and
/// Storage Queues. Without storage it is the in-memory backend, which is quicker to start but not durable.
/// </summary>
public static class RunEngines
{
    /// <summary>Starts the engine with one worker per region of <paramref name="options"/>.</summary>
    public static async Task<IServeEngine> StartAsync(
        ISegmentRunner runner,
        EmbeddedEngineOptions options,
        StorageSession? storage,
        IMessageBus? bus = null,
        IComputeMarket? market = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        bus ??= storage?.Bus;
        if (storage is null)
        {
            return new EmbeddedServeEngine(await EmbeddedEngine.StartAsync(runner, options, null, bus, market, loggerFactory: loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var backend = await AzureStorageBackend.StartAsync(
            new AzureStorageBackendOptions { ConnectionString = storage.ConnectionString, DeleteTaskHubOnDispose = true },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
        return await SidecarEngine.StartAsync(backend, runner, options, storage.Store, bus, loggerFactory, market, cancellationToken).ConfigureAwait(false);
    }
}
