using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Local.Worker;

/// <summary>
/// A worker process's runner: a work item for a function this worker was not given fails its unit at once with an
/// error that says so (serve and every worker must load the same functions), instead of leaving it to hang.
/// </summary>
internal sealed class WorkerFunctionsRunner(SplitFunctionRegistry registry, string region) : ISegmentRunner
{
    private readonly GeneratedSegmentRunner _inner = new(registry);

    public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!registry.TryGet(request.FunctionId, out _))
        {
            var known = registry.All.Select(f => f.Id).ToList();
            throw new UnknownFunctionException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The worker of region '{region}' (pid {Environment.ProcessId}) has no [Splitable] function '{request.FunctionId}': start serve and every worker with the same --assembly/--source. This worker has: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}."));
        }

        return _inner.RunAsync(request, cancellationToken);
    }
}
