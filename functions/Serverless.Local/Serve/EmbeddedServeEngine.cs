using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Serve;

/// <summary><see cref="EmbeddedEngine"/> (the in-memory backend, one process, not durable) as serve's engine.</summary>
public sealed class EmbeddedServeEngine(EmbeddedEngine engine) : IServeEngine
{
    public EmbeddedEngine Engine => engine;

    public DurableTaskClient Client => engine.Client;

    public IStateStore Store => engine.Store;

    public string Description => "in-memory Durable Task backend (not durable: executions in flight are lost when serve stops)";

    public int WorkerCount(string region) => engine.Workers.TryGetValue(region, out var workers) ? workers.Count : 0;

    public Task AddWorkerAsync(string region, CancellationToken cancellationToken = default) => engine.AddWorkerAsync(region, cancellationToken);

    public Task<ExecutionOutcome> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken = default) => engine.RunAsync(plan, cancellationToken);

    public ValueTask DisposeAsync() => engine.DisposeAsync();
}
