using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Local.Engine;

/// <summary>Settings of the embedded engine: the regions that get a worker, and extra tasks or services.</summary>
public sealed record EmbeddedEngineOptions
{
    public IReadOnlyList<string> Regions { get; init; } = ["westeurope", "northeurope", "eastus"];

    /// <summary>Units one regional worker runs at once.</summary>
    public int WorkerConcurrency { get; init; } = 64;

    /// <summary>More orchestrators or activities to host next to the engine's own (benchmarks, tests).</summary>
    public Action<DurableTaskRegistry>? ConfigureTasks { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
