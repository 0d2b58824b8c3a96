using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Serve;

/// <summary>
/// What `serve`, `run` and `demo` need of their engine, whichever backend runs it: the Durable Task client, the state store, and the
/// regional workers it hosts itself (worker processes of other regions are not counted).
/// </summary>
public interface IServeEngine : IAsyncDisposable
{
    DurableTaskClient Client { get; }

    IStateStore Store { get; }

    /// <summary>The backend in words, for serve's first lines.</summary>
    string Description { get; }

    /// <summary>Regional workers this process runs for <paramref name="region"/>.</summary>
    int WorkerCount(string region);

    /// <summary>Starts one more worker of this process for <paramref name="region"/>.</summary>
    Task AddWorkerAsync(string region, CancellationToken cancellationToken = default);

    /// <summary>Runs a plan to the end (`run` and `demo`; serve schedules through <see cref="Client"/>).</summary>
    Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default);
}
