using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Local.Backends;

/// <summary>
/// The collaborative engine (the same tasks, regional workers and completion consumer as <see cref="EmbeddedEngine"/>)
/// on a <see cref="SidecarHost"/> over any <see cref="IDurableBackend"/>, so that backends can be compared with
/// everything else equal; `serve --storage` runs on it with the DTFx Azure Storage backend, a Table state store and a
/// Storage Queue bus that worker processes share. The market is <see cref="PlanRegionMarket"/>: the sidecar serves no
/// entity calls (see docs/engine.md). Owns the backend: disposing stops the engine, then disposes the backend.
/// </summary>
public sealed class SidecarEngine : IServeEngine
{
    private readonly SidecarHost _host;
    private readonly IDurableBackend _backend;
    private readonly CompletionConsumer _completions;
    private readonly Dictionary<string, List<RegionalWorker>> _workers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IMessageBus _bus;
    private readonly ISegmentRunner _runner;
    private readonly EmbeddedEngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    private SidecarEngine(SidecarHost host, IDurableBackend backend, IStateStore store, IMessageBus bus, ISegmentRunner runner, EmbeddedEngineOptions options, ILoggerFactory loggerFactory)
    {
        _host = host;
        _backend = backend;
        Store = store;
        _bus = bus;
        _runner = runner;
        _options = options;
        _loggerFactory = loggerFactory;
        _completions = new CompletionConsumer(bus, host.Client, loggerFactory.CreateLogger<CompletionConsumer>(), QueueNames.Completions, 64);
    }

    public DurableTaskClient Client => _host.Client;

    public IDurableBackend Backend => _backend;

    public IStateStore Store { get; }

    public string Description => _backend.Description;

    /// <summary>
    /// Starts the engine on <paramref name="backend"/> (disposed with the engine, also when starting fails), with one
    /// regional worker per region of <paramref name="options"/> (none is fine: worker processes then take the work).
    /// State and bus are in memory unless given; the market is the plan's regions unless given (an
    /// <see cref="InProcessComputeMarket"/> auctions through activities, which the Azure Storage backend runs as well).
    /// </summary>
    public static async Task<SidecarEngine> StartAsync(
        IDurableBackend backend,
        ISegmentRunner runner,
        EmbeddedEngineOptions? options = null,
        IStateStore? store = null,
        IMessageBus? bus = null,
        ILoggerFactory? loggerFactory = null,
        IComputeMarket? market = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(runner);
        options ??= new EmbeddedEngineOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        store ??= new InMemoryStateStore();
        bus ??= new InMemoryMessageBus(TimeProvider.System);
        market ??= new PlanRegionMarket();
        SidecarHost? host = null;
        var handedOver = false;
        try
        {
            host = await SidecarHost.StartAsync(
                backend.Service,
                backend.Client,
                registry => EngineRegistrations.AddTasks(registry, market, options),
                services => EngineRegistrations.AddServices(services, store, bus, market, options),
                loggerFactory,
                cancellationToken).ConfigureAwait(false);

            var engine = new SidecarEngine(host, backend, store, bus, runner, options, loggerFactory);
            handedOver = true;
            try
            {
                foreach (var region in options.Regions)
                {
                    await engine.AddWorkerAsync(region, cancellationToken).ConfigureAwait(false);
                }

                await engine._completions.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await engine.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return engine;
        }
        catch when (!handedOver)
        {
            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public int WorkerCount(string region)
    {
        lock (_gate)
        {
            return _workers.TryGetValue(region, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Starts one more worker of this process for a region (competing with the others on <c>work-{region}</c>).</summary>
    public async Task AddWorkerAsync(string region, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var worker = new RegionalWorker(
            new RegionalWorkerOptions { Region = region, MaxConcurrency = _options.WorkerConcurrency, LockDuration = _options.WorkerLockDuration },
            _bus,
            Store,
            _runner,
            TimeProvider.System,
            _loggerFactory.CreateLogger<RegionalWorker>());
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_workers.TryGetValue(region, out var list))
            {
                _workers[region] = list = [];
            }

            list.Add(worker);
        }
    }

    /// <summary>Runs a plan to the end, as <see cref="EmbeddedEngine.RunAsync"/> does (deadline timers off unless the plan sets them).</summary>
    public async Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        plan = EngineRegistrations.Prepare(plan);

        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExecutePlanOrchestrator),
            plan,
            new StartOrchestrationOptions { InstanceId = plan.ExecutionId },
            cancellationToken).ConfigureAwait(false);
        var metadata = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return new ExecutionOutcome(
            id,
            metadata.RuntimeStatus,
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<ExecutionResult>() : null,
            ExecutionFailure.From(metadata));
    }

    public async ValueTask DisposeAsync()
    {
        await _completions.DisposeAsync().ConfigureAwait(false);
        List<RegionalWorker> workers;
        lock (_gate)
        {
            workers = [.. _workers.Values.SelectMany(w => w)];
            _workers.Clear();
        }

        foreach (var worker in workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _backend.DisposeAsync().ConfigureAwait(false);
        }
    }
}
