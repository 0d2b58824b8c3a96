using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api.Adapters;
using Serverless.Contracts.Plans;
using Serverless.Local.Backends;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
using Serverless.Local.Provisioning;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Local.Serve;

/// <summary>
/// Starts serve's engine with the server and stops it with the server. With `--storage` the engine is the durable one:
/// DTFx's Azure Storage backend on the task hub of <see cref="ServeSettings.TaskHub"/> (kept when serve stops, so that
/// the next serve on it resumes the executions in flight), Table state and Storage Queues shared with worker processes,
/// and local workers for every region `--local-workers` allows. Without storage it is the in-memory engine (not
/// durable), whose origin worker starts at once and other regions' when a function is deployed or placed there.
/// Either way units are auctioned in <see cref="Market"/>, the in-process compute market (as `demo` runs it; kept in
/// this process's memory, also with storage): <see cref="InstancesPerRegion"/> instances in every configured region.
/// With `--autoscale` (an <see cref="AutoscalerInput"/> and a <see cref="WorkerProcessProvisioner"/> registered), the
/// engine also runs the market autoscaler (<see cref="AutoscalerOrchestrator"/>, the Azure app's policy) over that
/// market: the instances of each autoscaled region stand for its worker processes (the minimum at start), and every
/// decision sets the region's process count through the provisioner.
/// </summary>
public sealed class EngineHost : IHostedService, IAsyncDisposable
{
    /// <summary>How long a dead serve's partition leases block the next one (DTFx's default is 30 s).</summary>
    public static readonly TimeSpan PartitionLease = TimeSpan.FromSeconds(10);

    /// <summary>How long orchestration messages a dead serve had taken stay invisible (DTFx's default is 5 min).</summary>
    public static readonly TimeSpan MessageVisibility = TimeSpan.FromSeconds(30);

    /// <summary>How long serve waits for an autoscaler left by an earlier serve on the task hub to end.</summary>
    private static readonly TimeSpan ReplaceAutoscalerGuard = TimeSpan.FromSeconds(60);

    /// <summary>Compute instances the market starts with in each region: one at the region's price, one 15% dearer.</summary>
    public const int InstancesPerRegion = 2;

    /// <summary>
    /// Concurrent units each instance takes (memory: that many times the region's largest unit): together the
    /// region's instances take what its worker runs at once (<see cref="EmbeddedEngineOptions.WorkerConcurrency"/>, 64).
    /// </summary>
    public const int SlotsPerInstance = 32;

    private readonly TaskCompletionSource<IServeEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RegistryManifestCatalog _catalog;
    private readonly StorageSession? _storage;
    private readonly ServeSettings _settings;
    private readonly PlanEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly AutoscalerInput? _autoscaler;
    private readonly WorkerProcessProvisioner? _workers;
    private readonly IServiceProvider? _services;
    private int _disposed;

    /// <summary>The engine over the catalogue's functions; its state and queues on <paramref name="storage"/>
    /// (`serve --storage`), or in memory when that is null.</summary>
    public EngineHost(
        RegistryManifestCatalog catalog,
        PlanEnvironment environment,
        ILoggerFactory loggerFactory,
        ServeSettings settings,
        StorageSession? storage = null,
        AutoscalerInput? autoscaler = null,
        WorkerProcessProvisioner? workers = null,
        IServiceProvider? services = null)
    {
        _services = services;
        _catalog = catalog;
        _storage = storage;
        _settings = settings;
        _environment = environment;
        _loggerFactory = loggerFactory;
        _autoscaler = autoscaler;
        _workers = workers;
    }

    /// <summary>The compute market whose auctions place every unit (bidders are added when the engine starts).</summary>
    public InProcessMarket Market { get; } = new(TimeProvider.System);

    /// <summary>The engine when it has started, else null (never waits).</summary>
    public IServeEngine? Running => _engine.Task.IsCompletedSuccessfully && Volatile.Read(ref _disposed) == 0 ? _engine.Task.Result : null;

    /// <summary>The running engine (waits for start-up).</summary>
    public Task<IServeEngine> GetAsync(CancellationToken cancellationToken = default) => _engine.Task.WaitAsync(cancellationToken);

    /// <summary>Whether this process runs units of <paramref name="region"/> itself.</summary>
    public bool RunsLocally(string region) => _settings.LocalWorkers.Allows(region);

    /// <summary>True when the engine is the durable one (DTFx on Azure Storage).</summary>
    public bool IsDurable => _storage is not null && _settings.Storage is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var runner = new GeneratedSegmentRunner(_catalog.Catalogue);
            // Autoscaled regions start with the autoscaler's minimum (StartAutoscalerAsync), one instance per worker process.
            var scaled = Autoscaling(out var input, out var workers) ? input.Regions.Select(t => t.Region).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var r in _environment.Regions.Where(r => !scaled.Contains(r.Name)))
            {
                for (var i = 0; i < InstancesPerRegion; i++)
                {
                    _ = await Market.AddInstanceAsync(r.Name, r.MaxMemoryMb * SlotsPerInstance, SlotsPerInstance, r.PricePerGbSecond * (1 + (0.15 * i))).ConfigureAwait(false);
                }
            }

            // Resolved now, not in the constructor: deploying through the local provisioner needs the worker pools,
            // which need this host. Registered only when Serverless__Dispatch__Undeployed is fail or deploy.
            var deployments = _services?.GetService<DeploymentCheck>();
            Action<IServiceCollection>? engineServices = deployments is null ? null : s => s.AddSingleton(deployments);

            IServeEngine engine;
            if (IsDurable)
            {
                var regions = _environment.Regions.Select(r => r.Name).Where(RunsLocally).ToList();
                var backend = await AzureStorageBackend.StartAsync(
                    new AzureStorageBackendOptions
                    {
                        ConnectionString = _storage!.ConnectionString,
                        TaskHubName = _settings.TaskHub,
                        DeleteTaskHubOnDispose = false,
                        LeaseInterval = PartitionLease,
                        MessageVisibilityTimeout = MessageVisibility,
                    },
                    _loggerFactory,
                    cancellationToken).ConfigureAwait(false);
                var options = WithMarket(new EmbeddedEngineOptions { Regions = regions }, engineServices);
                if (Autoscaling(out input, out workers))
                {
                    var (tasks, services) = (options.ConfigureTasks, options.ConfigureServices);
                    options = options with
                    {
                        ConfigureTasks = registry =>
                        {
                            tasks?.Invoke(registry);
                            InProcessComputeFleet.RegisterTasks(registry, provision: true);
                            registry.AddOrchestrator(nameof(AutoscalerOrchestrator), () => new AutoscalerOrchestrator(new InProcessComputeFleet(provision: true)));
                        },
                        ConfigureServices = collection =>
                        {
                            services?.Invoke(collection);
                            collection.AddSingleton<IProvisioner>(workers);
                        },
                    };
                }

                engine = await SidecarEngine.StartAsync(
                    backend,
                    runner,
                    options,
                    _storage.Store,
                    _storage.Bus,
                    _loggerFactory,
                    new InProcessComputeMarket(),
                    cancellationToken).ConfigureAwait(false);
                if (Autoscaling(out input, out workers))
                {
                    await StartAutoscalerAsync(engine.Client, Market, input, workers, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                engine = new EmbeddedServeEngine(await EmbeddedEngine.StartAsync(
                    runner,
                    WithMarket(new EmbeddedEngineOptions { Regions = [_environment.Origin] }, engineServices),
                    _storage?.Store,
                    _storage?.Bus,
                    new InProcessComputeMarket(),
                    loggerFactory: _loggerFactory,
                    cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            _engine.TrySetResult(engine);
        }
        catch (Exception ex)
        {
            _engine.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The engine's options with the market's activities and the market they call.</summary>
    private EmbeddedEngineOptions WithMarket(EmbeddedEngineOptions options, Action<IServiceCollection>? more) => options with
    {
        ConfigureTasks = InProcessComputeMarket.RegisterTasks,
        ConfigureServices = services =>
        {
            services.AddSingleton(Market);
            more?.Invoke(services);
        },
    };

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>Stops the worker processes (they hand their units back), then the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_workers is not null)
            {
                await _workers.DisposeAsync().ConfigureAwait(false);
            }

            if (_engine.Task.IsCompletedSuccessfully)
            {
                await _engine.Task.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private bool Autoscaling([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AutoscalerInput? input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkerProcessProvisioner? workers)
    {
        input = _autoscaler;
        workers = _workers;
        return input is not null && workers is not null;
    }

    /// <summary>
    /// Starts each autoscaled region with the minimum of instances (market entries and worker processes), then (re)starts
    /// the autoscaler with <paramref name="input"/>: one left by an earlier serve on this task hub is terminated first,
    /// since its instances were that serve's processes.
    /// </summary>
    private static async Task StartAutoscalerAsync(DurableTaskClient client, InProcessMarket market, AutoscalerInput input, WorkerProcessProvisioner workers, CancellationToken cancellationToken)
    {
        foreach (var template in input.Regions)
        {
            for (var i = 0; i < input.Policy.MinInstances; i++)
            {
                await market.AddInstanceAsync(template.Region, template.MemoryMb, template.Slots, template.PricePerGbSecond).ConfigureAwait(false);
            }

            await workers.ScaleAsync(template.Region, input.Policy.MinInstances, cancellationToken).ConfigureAwait(false);
        }

        var existing = await client.GetInstanceAsync(AutoscalerOrchestrator.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            guard.CancelAfter(ReplaceAutoscalerGuard);
            await client.TerminateInstanceAsync(AutoscalerOrchestrator.InstanceId, "replaced by a new `serve --autoscale`", guard.Token).ConfigureAwait(false);
            await client.WaitForInstanceCompletionAsync(AutoscalerOrchestrator.InstanceId, guard.Token).ConfigureAwait(false);
        }

        await AutoscalerStarter.EnsureRunningAsync(client, input, cancellationToken).ConfigureAwait(false);
    }
}
