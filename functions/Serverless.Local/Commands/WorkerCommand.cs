using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;
using Serverless.Local.Worker;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Runtime;
using Serverless.Orchestrations.Worker;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless worker --region &lt;name&gt; --storage &lt;conn&gt; [--task-hub NAME] [--concurrency N] [--assembly &lt;dll&gt;]...
/// [--source &lt;file.cs&gt;]...`: a regional worker process. Consumes `{hub}-work-{region}` (competing with every other
/// worker of the region), runs units, writes their outputs to the Table state store and sends completions to the
/// serve process. SIGINT/SIGTERM hand the units in flight back to the queue at once; after SIGKILL they come back
/// when their lease (visibility timeout, <see cref="LeaseVariable"/>) ends.
/// </summary>
public sealed class WorkerCommand : ICliCommand
{
    /// <summary>Seconds a taken work item stays invisible to other workers unless renewed (default 30).</summary>
    public const string LeaseVariable = "SERVERLESS_WORKER_LEASE_SECONDS";

    public string Name => "worker";

    public string Summary => "run a region's units in this process, taking work from the shared storage of `serve --storage`";

    public string Usage => "serverless worker --region <name> --storage <connection string> [--task-hub NAME] [--concurrency N] [--assembly <path.dll>]... [--source <file.cs>]...\n"
        + "  Give the same --storage, --task-hub and functions (--assembly/--source) as `serve`. Ctrl+C or SIGTERM hands units in flight back to the queue.";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = WorkerOptions.Parse(args);
        var lease = LeaseDuration(Environment.GetEnvironmentVariable(LeaseVariable));
        var functions = await FunctionSources.LoadAsync(options.Assemblies, options.Sources, new AssemblyLoadContext("serverless-worker"), stderr).ConfigureAwait(false);
        var registry = SplitFunctionRegistry.FromAssemblies([.. functions]);

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        await using var storage = await options.Storage.OpenSharedAsync(options.TaskHub).ConfigureAwait(false);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).AddFilter("Serverless", LogLevel.Warning).SetMinimumLevel(LogLevel.Error));
        var worker = new RegionalWorker(
            new RegionalWorkerOptions { Region = options.Region, MaxConcurrency = options.Concurrency, LockDuration = lease },
            new ReportingBus(storage.Bus, stdout),
            storage.Store,
            new WorkerFunctionsRunner(registry, options.Region),
            TimeProvider.System,
            loggers.CreateLogger<RegionalWorker>());
        await worker.StartAsync(stop.Token).ConfigureAwait(false);
        try
        {
            if (storage.Azurite is { } azurite)
            {
                await stdout.WriteLineAsync($"serverless worker: started Azurite (pid {azurite.ProcessId.ToString(CultureInfo.InvariantCulture)}); other processes join with --storage \"{storage.ConnectionString}\"").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"serverless worker: region {options.Region} consuming '{storage.QueuePrefix}{QueueNames.Work(options.Region)}' on {storage.Description} ({registry.All.Count} functions, {options.Concurrency} at once, lease {lease.TotalSeconds} s); pid {Environment.ProcessId}; Ctrl+C stops")).ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A signal: stop below.
            }

            await stdout.WriteLineAsync("serverless worker: stopping; units in flight go back to the queue").ConfigureAwait(false);
        }
        finally
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"serverless worker: stopped after taking {worker.Taken} work items")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The worker lease from <see cref="LeaseVariable"/> (whole seconds, 3 to 600; default 30).</summary>
    public static TimeSpan LeaseDuration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.FromSeconds(30);
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 3 and <= 600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{LeaseVariable}='{value}' is not a whole number of seconds from 3 to 600");
    }
}
