using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
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
/// everything else equal. Owns the backend: disposing stops the engine, then disposes the backend.
/// </summary>
public sealed class SidecarEngine : IAsyncDisposable
{
    private readonly SidecarHost _host;
    private readonly IDurableBackend _backend;
    private readonly CompletionConsumer _completions;
    private readonly List<RegionalWorker> _workers = [];

    private SidecarEngine(SidecarHost host, IDurableBackend backend, IMessageBus bus, ILoggerFactory loggerFactory)
    {
        _host = host;
        _backend = backend;
        _completions = new CompletionConsumer(bus, host.Client, loggerFactory.CreateLogger<CompletionConsumer>(), QueueNames.Completions, 64);
    }

    public DurableTaskClient Client => _host.Client;

    public IDurableBackend Backend => _backend;

    /// <summary>Starts the engine on <paramref name="backend"/> (disposed with the engine, also when starting fails).</summary>
    public static async Task<SidecarEngine> StartAsync(
        IDurableBackend backend,
        ISegmentRunner runner,
        EmbeddedEngineOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(runner);
        options ??= new EmbeddedEngineOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        IStateStore store = new InMemoryStateStore();
        IMessageBus bus = new InMemoryMessageBus(TimeProvider.System);
        IComputeMarket market = new PlanRegionMarket();
        SidecarHost? host = null;
        try
        {
            host = await SidecarHost.StartAsync(
                backend.Service,
                backend.Client,
                registry => EngineRegistrations.AddTasks(registry, market, options),
                services => EngineRegistrations.AddServices(services, store, bus, market, options),
                loggerFactory,
                cancellationToken).ConfigureAwait(false);

            var engine = new SidecarEngine(host, backend, bus, loggerFactory);
            foreach (var region in options.Regions)
            {
                var worker = new RegionalWorker(
                    new RegionalWorkerOptions { Region = region, MaxConcurrency = options.WorkerConcurrency },
                    bus,
                    store,
                    runner,
                    TimeProvider.System,
                    loggerFactory.CreateLogger<RegionalWorker>());
                await worker.StartAsync(cancellationToken).ConfigureAwait(false);
                engine._workers.Add(worker);
            }

            await engine._completions.StartAsync(cancellationToken).ConfigureAwait(false);
            return engine;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
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
        foreach (var worker in _workers)
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
