using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api.Adapters;
using Serverless.Azure.Messaging;
using Serverless.Azure.State;
using Serverless.Contracts.Plans;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Local.Serve;

/// <summary>
/// Starts the embedded engine with the server and stops it with the server. Only the origin region's worker pool
/// starts at once; other regions start when a function is deployed there or an execution is placed there.
/// </summary>
public sealed class EngineHost : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<EmbeddedEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RegistryManifestCatalog _catalog;
    private readonly ServeSettings _settings;
    private readonly PlanEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private int _disposed;

    public EngineHost(RegistryManifestCatalog catalog, ServeSettings settings, PlanEnvironment environment, ILoggerFactory loggerFactory)
    {
        _catalog = catalog;
        _settings = settings;
        _environment = environment;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The engine when it has started, else null (never waits).</summary>
    public EmbeddedEngine? Running => _engine.Task.IsCompletedSuccessfully && Volatile.Read(ref _disposed) == 0 ? _engine.Task.Result : null;

    /// <summary>The running engine (waits for start-up).</summary>
    public Task<EmbeddedEngine> GetAsync(CancellationToken cancellationToken = default) => _engine.Task.WaitAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            IStateStore? store = null;
            IMessageBus? bus = null;
            if (_settings.StorageConnection is { } connection)
            {
                store = TableStateStore.FromConnectionString(connection);
                bus = StorageQueueMessageBus.FromConnectionString(connection);
            }

            var engine = await EmbeddedEngine.StartAsync(
                new GeneratedSegmentRunner(_catalog.Catalogue),
                new EmbeddedEngineOptions { Regions = [_environment.Origin] },
                store,
                bus,
                loggerFactory: _loggerFactory,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _engine.TrySetResult(engine);
        }
        catch (Exception ex)
        {
            _engine.TrySetException(ex);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _engine.Task.IsCompletedSuccessfully)
        {
            await _engine.Task.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
