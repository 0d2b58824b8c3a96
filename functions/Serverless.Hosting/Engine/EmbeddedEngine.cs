using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Hosting.Engine;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Local.Engine;

/// <summary>
/// The collaborative engine in one process: the in-process Durable Task engine hosting
/// <see cref="ExecutePlanOrchestrator"/> and its activities, one <see cref="RegionalWorker"/> per region and the
/// <see cref="CompletionConsumer"/>, over an <see cref="IStateStore"/> and <see cref="IMessageBus"/> (in-memory by
/// default, Azure Storage when given). See docs/engine.md for why this engine and how its concurrency is unblocked.
/// </summary>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly Dictionary<string, List<RegionalWorker>> _workers = new(StringComparer.Ordinal);
    private readonly CompletionConsumer _completions;
    private readonly ISegmentRunner _runner;
    private readonly ILoggerFactory _loggerFactory;
    private readonly EmbeddedEngineOptions _options;

    private EmbeddedEngine(DurableTaskTestHost host, IStateStore store, IMessageBus bus, ISegmentRunner runner, ILoggerFactory loggerFactory, EmbeddedEngineOptions options)
    {
        _host = host;
        Store = store;
        Bus = bus;
        _runner = runner;
        _loggerFactory = loggerFactory;
        _options = options;
        _completions = new CompletionConsumer(bus, host.Client, loggerFactory.CreateLogger<CompletionConsumer>(), QueueNames.Completions, 64);
    }

    public DurableTaskClient Client => _host.Client;

    public IStateStore Store { get; }

    public IMessageBus Bus { get; }

    public IReadOnlyDictionary<string, List<RegionalWorker>> Workers => _workers;

    public static async Task<EmbeddedEngine> StartAsync(
        ISegmentRunner runner,
        EmbeddedEngineOptions? options = null,
        IStateStore? store = null,
        IMessageBus? bus = null,
        IComputeMarket? market = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        options ??= new EmbeddedEngineOptions();
        store ??= new InMemoryStateStore();
        bus ??= new InMemoryMessageBus(TimeProvider.System);
        market ??= new PlanRegionMarket();
        loggerFactory ??= NullLoggerFactory.Instance;
        if (options.Regions.Count == 0)
        {
            throw new ArgumentException("The engine needs at least one region to run units in.", nameof(options));
        }

        ProcessorCountGuard.QuietSidecarLogs();
        DurableTaskTestHost host;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                host = await DurableTaskTestHost.StartAsync(
                    registry => EngineRegistrations.AddTasks(registry, market, options),
                    new DurableTaskTestHostOptions
                    {
                        LoggerFactory = loggerFactory,
                        ConfigureServices = services => EngineRegistrations.AddServices(services, store, bus, market, options),
                    },
                    cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (IOException ex) when (attempt < MaxStartAttempts && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // The test host picks a free loopback port and binds it later; another process may take it in between.
                // Another free port is tried; nothing was started.
            }
        }

        var engine = new EmbeddedEngine(host, store, bus, runner, loggerFactory, options);
        foreach (var region in options.Regions)
        {
            await engine.AddWorkerAsync(region, cancellationToken).ConfigureAwait(false);
        }

        await engine._completions.StartAsync(cancellationToken).ConfigureAwait(false);
        return engine;
    }

    /// <summary>How often a start is tried when the sidecar's port was taken between choosing and binding it.</summary>
    private const int MaxStartAttempts = 5;

    /// <summary>Starts one more worker for a region (competing with the others on <c>work-{region}</c>).</summary>
    public Task<RegionalWorker> AddWorkerAsync(string region, CancellationToken cancellationToken = default)
        => AddWorkerAsync(region, Bus, cancellationToken);

    /// <summary>
    /// Starts one more worker for a region that takes its work through <paramref name="bus"/>: a connection of its
    /// own to the engine's queues (for example an <see cref="InMemoryMessageBus.OpenConnection"/> that a test severs
    /// to simulate the worker's process crashing).
    /// </summary>
    public async Task<RegionalWorker> AddWorkerAsync(string region, IMessageBus bus, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(bus);
        var worker = new RegionalWorker(
            new RegionalWorkerOptions { Region = region, MaxConcurrency = _options.WorkerConcurrency, LockDuration = _options.WorkerLockDuration },
            bus,
            Store,
            _runner,
            TimeProvider.System,
            _loggerFactory.CreateLogger<RegionalWorker>());
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!_workers.TryGetValue(region, out var list))
        {
            _workers[region] = list = [];
        }

        list.Add(worker);
        return worker;
    }

    /// <summary>
    /// Stops a worker: its in-flight units are cancelled and their messages abandoned, so another worker takes them
    /// at once. (To simulate a crash instead, first sever the connection the worker was started with: then nothing is
    /// settled and the messages come back only when their lease, <see cref="EmbeddedEngineOptions.WorkerLockDuration"/>, ends.)
    /// </summary>
    public async Task StopWorkerAsync(RegionalWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await worker.DisposeAsync().ConfigureAwait(false);
        _workers[worker.Region].Remove(worker);
    }

    /// <summary>Starts an execution; the instance id is the execution id.</summary>
    public Task<string> ScheduleAsync(ExecutionPlan plan, CancellationToken cancellationToken = default)
        => DurablePlanRunner.ScheduleAsync(Client, plan, cancellationToken);

    public Task<ExecutionOutcome> WaitAsync(string instanceId, CancellationToken cancellationToken = default)
        => DurablePlanRunner.WaitAsync(Client, instanceId, cancellationToken);

    /// <summary>Runs a plan to the end.</summary>
    public Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default)
        => DurablePlanRunner.RunAsync(Client, plan, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _completions.DisposeAsync().ConfigureAwait(false);
        foreach (var worker in _workers.Values.SelectMany(w => w).ToList())
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        await _host.DisposeAsync().ConfigureAwait(false);
    }
}
