using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// A segment runner whose behaviour per function is a delegate the test supplies (add numbers, sleep, throw, hang
/// until cancelled). Counts how many times each unit ran.
/// </summary>
public sealed class ScriptedRunner : ISegmentRunner
{
    private readonly ConcurrentDictionary<string, Func<UnitRunRequest, CancellationToken, Task<UnitRunResult>>> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Function, int FirstSegment), int> _runs = new();

    public void Register(string functionId, Func<UnitRunRequest, CancellationToken, Task<UnitRunResult>> behaviour) => _functions[functionId] = behaviour;

    public int Runs(string functionId, int firstSegment) => _runs.GetValueOrDefault((functionId, firstSegment));

    public int TotalRuns(string functionId) => _runs.Where(r => r.Key.Function == functionId).Sum(r => r.Value);

    public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _runs.AddOrUpdate((request.FunctionId, request.Segments[0]), 1, (_, n) => n + 1);
        return _functions.TryGetValue(request.FunctionId, out var f)
            ? f(request, cancellationToken)
            : throw new InvalidOperationException($"No scripted function '{request.FunctionId}'.");
    }
}
