using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Hosting.Engine;

/// <summary>
/// The <see cref="EmbeddedEngine"/> as the splitter's engine: started with the host (one regional worker per region
/// of the environment) over the registered state store, bus, market and segment runner, stopped with it.
/// </summary>
public sealed class EmbeddedSplitEngine : ISplitExecutionEngine, IAsyncDisposable
{
    private readonly TaskCompletionSource<EmbeddedEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ISegmentRunner _runner;
    private readonly EmbeddedEngineOptions _options;
    private readonly IStateStore _store;
    private readonly IMessageBus _bus;
    private readonly IComputeMarket _market;
    private readonly ILoggerFactory _loggerFactory;
    private int _disposed;

    public EmbeddedSplitEngine(ISegmentRunner runner, EmbeddedEngineOptions options, IStateStore store, IMessageBus bus, IComputeMarket market, ILoggerFactory loggerFactory)
    {
        _runner = runner;
        _options = options;
        _store = store;
        _bus = bus;
        _market = market;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The running engine (waits for the host to start it).</summary>
    public Task<EmbeddedEngine> GetAsync(CancellationToken cancellationToken = default) => _engine.Task.WaitAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var engine = await EmbeddedEngine.StartAsync(_runner, _options, _store, _bus, _market, _loggerFactory, cancellationToken).ConfigureAwait(false);
            _engine.TrySetResult(engine);
        }
        catch (Exception ex)
        {
            _engine.TrySetException(ex);
            throw;
        }
    }

    public async Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        var engine = await GetAsync(cancellationToken).ConfigureAwait(false);
        return await engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _engine.Task.IsCompletedSuccessfully)
        {
            await _engine.Task.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
