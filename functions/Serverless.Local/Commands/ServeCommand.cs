using System.Globalization;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api;
using Serverless.Api.Adapters;
using Serverless.Api.Catalog;
using Serverless.Api.Dashboard;
using Serverless.Contracts.Plans;
using Serverless.Api.Http;
using Serverless.Azure.Annotations;
using Serverless.Azure.Registry;
using Serverless.Local.Provisioning;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless serve [--urls http://127.0.0.1:7071] [--storage &lt;conn&gt;|azurite] [--task-hub NAME] [--regions file.json]
/// [--local-workers all|none|&lt;region,...&gt;] [--autoscale &lt;min&gt;-&lt;max&gt;] [--assembly &lt;dll&gt;]... [--source &lt;file.cs&gt;]...`: the engine plus the HTTP API
/// on Kestrel, with the same routes and bodies as the Functions app. With `--storage` the engine is durable (DTFx's
/// Azure Storage backend on a task hub that `serverless worker` processes and a restarted serve share); without it,
/// in memory and not durable. Binds to 127.0.0.1 unless told otherwise; when SERVERLESS_API_KEY is set every /api
/// request must carry it in x-functions-key.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <summary>The environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "SERVERLESS_API_KEY";

    /// <summary>Minutes an ended execution is kept before the retention sweep purges it (the Functions app's setting).</summary>
    public const string StateRetentionVariable = "Serverless__StateRetentionMinutes";

    /// <summary>What dispatch does with a unit not deployed in its region at the served version (the Functions app's setting).</summary>
    public const string UndeployedVariable = "Serverless__Dispatch__Undeployed";

    /// <summary>Where `serve` listens unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public string Name => "serve";

    public string Summary => "run the HTTP API and the engine on Kestrel: durable on --storage, in memory (not durable) without";

    public string Usage => "serverless serve [--urls http://127.0.0.1:7071] [--storage <connection string>|azurite] [--task-hub NAME] [--regions <file.json>] [--local-workers all|none|<region,...>] [--autoscale <min>-<max>] [--assembly <path.dll>]... [--source <file.cs>]... [--trace console|otlp|none]\n"
        + "  --storage        the durable engine: DTFx Azure Storage backend (task hub, default 'serverless'), Table state, Storage Queues;\n"
        + "                   a serve started later on the same storage and task hub resumes the executions in flight.\n"
        + "                   'azurite' starts Azurite and prints its connection string for `serverless worker --storage`.\n"
        + "                   Without --storage the engine is in memory: NOT durable, executions in flight are lost when serve stops.\n"
        + "  --local-workers  regions whose units this process runs (default all); the rest is left to `serverless worker` processes.\n"
        + "  --autoscale      <min>-<max> (needs --storage): serve starts and stops `serverless worker` processes for each region it\n"
        + "                   does not run itself, min at start, up to max, as the autoscaler decides (the policy of the Azure app:\n"
        + "                   queue backlog, cooldowns, hysteresis; timing from Serverless__Market__IntervalSeconds and the others\n"
        + "                   in docs/engine.md); the workers stop with serve.";

    /// <summary>
    /// Builds the serve application: Kestrel (or, in tests, whatever <paramref name="configureHost"/> sets up), the
    /// API key check, the API routes and the embedded engine's services. <paramref name="configureServices"/> runs last
    /// and may replace any port; a <see cref="StorageSession"/> it registers puts annotations, state and queues on
    /// Azure Storage.
    /// </summary>
    public static WebApplication CreateApp(ServeSettings settings, Action<IServiceCollection>? configureServices = null, Action<IWebHostBuilder>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "serverless" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(settings.Urls);
        configureHost?.Invoke(builder.WebHost);

        var services = builder.Services;
        services.AddServerlessApi();
        services.TryAddSingleton<IAnnotationStore>(sp => sp.GetService<StorageSession>() is { } storage
            ? TableAnnotationStore.FromConnectionString(storage.ConnectionString)
            : new InMemoryAnnotationStore());
        services.TryAddSingleton<IFunctionRegistry>(sp => sp.GetService<StorageSession>() is { } storage
            ? TableFunctionRegistry.FromConnectionString(storage.ConnectionString)
            : new InMemoryFunctionRegistry());

        services.TryAddSingleton<IProvisioner>(sp => new LocalProvisioner(sp.GetRequiredService<IWorkerPoolHost>()));
        if (settings.Undeployed != UndeployedUnits.Dispatch)
        {
            // The engine's dispatch activity checks (or deploys through the local provisioner) each unit's virtual
            // function at the served catalogue's version, the version deploy records.
            services.TryAddSingleton(sp => new DeploymentCheck(
                settings.Undeployed,
                sp.GetRequiredService<IManifestCatalog>().PackageVersion,
                sp.GetRequiredService<IFunctionRegistry>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<IProvisioner>()));
        }

        EmbeddedEngineServices.Add(services, settings);
        configureServices?.Invoke(services);

        var app = builder.Build();
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseMiddleware<ApiKeyMiddleware>(settings.ApiKey));
        }

        app.MapServerlessApi();
        app.MapServerlessDashboard();
        return app;
    }

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var settings = Parse(args) with
        {
            ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable),
            StateRetention = ReadStateRetention(Environment.GetEnvironmentVariable(StateRetentionVariable)),
            Undeployed = ReadUndeployed(Environment.GetEnvironmentVariable(UndeployedVariable)),
        };
        var environment = settings.RegionsFile is { } file ? RegionsFile.Load(file) : PlanEnvironment.Default;
        foreach (var region in settings.LocalWorkers.Regions)
        {
            if (!environment.Regions.Any(r => r.Name == region))
            {
                throw new UsageException($"--local-workers: region '{region}' is not one of the regions ({string.Join(", ", environment.Regions.Select(r => r.Name))}); add it with --regions or drop it");
            }
        }

        if (settings.Autoscale is { } autoscale && !environment.Regions.Any(r => !settings.LocalWorkers.Allows(r.Name)))
        {
            throw new UsageException($"--autoscale {autoscale} scales worker processes of the regions serve does not run itself, and --local-workers {settings.LocalWorkers} leaves none: add --local-workers none (or the regions serve keeps)");
        }

        // The autoscaled regions are those serve leaves to worker processes; a bad tuning variable fails here, before anything starts.
        var autoscaler = settings.Autoscale?.Input(
            environment,
            [.. environment.Regions.Select(r => r.Name).Where(r => !settings.LocalWorkers.Allows(r))],
            WorkerOptions.DefaultConcurrency,
            Environment.GetEnvironmentVariable);
        var functions = await FunctionSources.LoadAsync(settings.Assemblies, settings.Sources, new AssemblyLoadContext("serverless-serve"), stderr).ConfigureAwait(false);
        var catalog = RegistryManifestCatalog.FromAssemblies([.. functions]);
        await using var storage = settings.Storage is { } option ? await option.OpenSharedAsync(settings.TaskHub).ConfigureAwait(false) : null;
        await using var app = CreateApp(settings, services =>
        {
            services.AddSingleton(environment);
            services.AddSingleton(catalog);
            if (storage is not null)
            {
                services.AddSingleton(storage);
                if (autoscaler is not null)
                {
                    services.AddSingleton(autoscaler);
                    services.AddSingleton(_ => new WorkerProcessProvisioner(
                        new WorkerProcessOptions
                        {
                            ConnectionString = storage.ConnectionString,
                            TaskHub = settings.TaskHub,
                            Assemblies = [.. settings.Assemblies.Select(Path.GetFullPath)],
                            Sources = [.. settings.Sources.Select(Path.GetFullPath)],
                            Min = autoscaler.Policy.MinInstances,
                            Max = autoscaler.Policy.MaxInstances,
                        },
                        stdout));
                }
            }
        });
        if (storage?.Azurite is { } azurite)
        {
            await stdout.WriteLineAsync($"serverless serve: started Azurite (pid {azurite.ProcessId.ToString(CultureInfo.InvariantCulture)}); workers join with --storage \"{storage.ConnectionString}\"").ConfigureAwait(false);
        }

        await app.StartAsync().ConfigureAwait(false);
        var engine = app.Services.GetRequiredService<EngineHost>();
        var running = await engine.GetAsync().ConfigureAwait(false);
        if (storage is not null)
        {
            await stdout.WriteLineAsync($"serverless serve: durable engine: {running.Description}; annotations, state and queues on Azure Storage: {storage.Description} (queues under '{storage.QueuePrefix}', kept when serve stops); local workers: {settings.LocalWorkers}").ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteLineAsync($"serverless serve: engine: {running.Description}; pass --storage for the durable one").ConfigureAwait(false);
        }

        if (autoscaler is not null)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"serverless serve: autoscale {settings.Autoscale}: worker processes for {string.Join(", ", autoscaler.Regions.Select(r => r.Region))} (a look every {autoscaler.IntervalMs / 1000} s; cooldowns up {autoscaler.Policy.ScaleUpCooldown.TotalSeconds} s, down {autoscaler.Policy.ScaleDownCooldown.TotalSeconds} s; quiet window {autoscaler.Policy.ScaleDownWindow.TotalSeconds} s; {autoscaler.Policy.BacklogPerInstance} queued units per worker)")).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"serverless serve: {catalog.Functions.Count.ToString(CultureInfo.InvariantCulture)} functions ({(functions.Count == 1 && functions[0] == typeof(Serverless.Samples.DocumentPipeline).Assembly ? "the samples" : "from --assembly/--source")}); pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"serverless serve: listening on {settings.Urls} (API under /api; {(string.IsNullOrEmpty(settings.ApiKey) ? "no API key required" : "x-functions-key required")}; Ctrl+C stops)").ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await stdout.WriteLineAsync("serverless serve: stopped (work in flight handed back to its queues)").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The retention of <see cref="StateRetentionVariable"/>: unset or empty is the default (60 minutes); anything but
    /// a whole number of minutes from 0 to 525600 is a <see cref="UsageException"/> naming the variable.
    /// </summary>
    public static TimeSpan ReadStateRetention(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.FromMinutes(ServeSettings.DefaultStateRetentionMinutes);
        }

        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes > 525_600)
        {
            throw new UsageException($"{StateRetentionVariable} must be 0 to 525600 minutes (a year), not '{value}'");
        }

        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>
    /// What dispatch does with an undeployed unit, from <see cref="UndeployedVariable"/>: unset or empty is deploy (serve
    /// always has its local provisioner); anything but dispatch, fail or deploy is a <see cref="UsageException"/> naming the variable.
    /// </summary>
    public static UndeployedUnits ReadUndeployed(string? value)
        => DeploymentCheck.Resolve(value, hasProvisioner: true, out var problem) ?? throw new UsageException(problem!);

    /// <summary>Parses the command line; throws <see cref="UsageException"/> naming the bad option.</summary>
    public static ServeSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new ServeSettings();
        var shared = new EngineProcessArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--urls":
                    settings = settings with { Urls = RequireUrls(value) };
                    i++;
                    break;
                case "--local-workers":
                    settings = settings with { LocalWorkers = LocalWorkers.Parse(value) };
                    i++;
                    break;
                case "--autoscale":
                    settings = settings with { Autoscale = AutoscaleOption.Parse(value) };
                    i++;
                    break;
                case "--regions":
                    settings = settings with { RegionsFile = string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal) ? throw new UsageException("--regions needs a file path") : value };
                    i++;
                    break;
                default:
                    if (!shared.TryRead(args, ref i))
                    {
                        throw new UsageException($"unknown option '{args[i]}'");
                    }

                    break;
            }
        }

        settings = settings with { Storage = shared.Storage };
        if (settings.Storage is null && shared.TaskHub is not null)
        {
            throw new UsageException("--task-hub names a task hub on storage: add --storage <connection string>|azurite");
        }

        if (settings.Storage is null && settings.LocalWorkers != LocalWorkers.All)
        {
            throw new UsageException($"--local-workers {settings.LocalWorkers} leaves units to worker processes, which need shared storage: add --storage <connection string>|azurite");
        }

        if (settings.Storage is null && settings.Autoscale is not null)
        {
            throw new UsageException($"--autoscale {settings.Autoscale} starts `serverless worker` processes, which need shared storage: add --storage <connection string>|azurite");
        }

        if (settings.Autoscale is not null && settings.LocalWorkers == LocalWorkers.All)
        {
            throw new UsageException($"--autoscale {settings.Autoscale} scales worker processes of the regions serve does not run itself, and --local-workers all leaves none: add --local-workers none (or the regions serve keeps)");
        }

        return settings with { TaskHub = shared.TaskHub ?? ServeSettings.DefaultTaskHub, Assemblies = shared.Assemblies, Sources = shared.Sources };
    }

    private static string RequireUrls(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException("--urls needs a value such as http://127.0.0.1:7071 (several separated by ';')");
        }

        foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                throw new UsageException($"--urls: '{url}' is not a URL like http://127.0.0.1:7071 (scheme http or https, no path)");
            }
        }

        return value;
    }
}
