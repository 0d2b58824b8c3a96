using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api.Adapters;
using Serverless.Contracts.Plans;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
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
    private readonly StorageSession? _storage;
    private readonly PlanEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private int _disposed;

    /// <summary>The engine over the catalogue's functions; its state and queues on <paramref name="storage"/>
    /// (`serve --storage`), or in memory when that is null.</summary>
    public EngineHost(RegistryManifestCatalog catalog, PlanEnvironment environment, ILoggerFactory loggerFactory, StorageSession? storage = null)
    {
        _catalog = catalog;
        _storage = storage;
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
            var engine = await EmbeddedEngine.StartAsync(
                new GeneratedSegmentRunner(_catalog.Catalogue),
                new EmbeddedEngineOptions { Regions = [_environment.Origin] },
                _storage?.Store,
                _storage?.Bus,
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
