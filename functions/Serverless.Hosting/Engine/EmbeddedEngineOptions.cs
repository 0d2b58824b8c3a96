using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Local.Engine;

/// <summary>Settings of the embedded engine: the regions that get a worker, and extra tasks or services.</summary>
public sealed record EmbeddedEngineOptions
{
    public IReadOnlyList<string> Regions { get; init; } = ["westeurope", "northeurope", "eastus"];

    /// <summary>Units one regional worker runs at once.</summary>
    public int WorkerConcurrency { get; init; } = 64;

    /// <summary>
    /// How long a work item a worker took stays invisible to other workers while that worker is alive (renewed) and
    /// after it crashed (then the item is redelivered).
    /// </summary>
    public TimeSpan WorkerLockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>More orchestrators or activities to host next to the engine's own (benchmarks, tests).</summary>
    public Action<DurableTaskRegistry>? ConfigureTasks { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
