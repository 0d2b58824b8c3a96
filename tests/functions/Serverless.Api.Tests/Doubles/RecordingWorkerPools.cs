using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Tests.Doubles;

/// <summary>Stands in for the embedded engine's worker pools: remembers which regions were started.</summary>
public sealed class RecordingWorkerPools : IWorkerPoolHost
{
    private readonly ConcurrentDictionary<string, int> _started = new();

    public IReadOnlyCollection<string> Started => [.. _started.Keys];

    public int Calls { get; private set; }

    public Task<bool> EnsureWorkerPoolAsync(string region, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(_started.TryAdd(region, 0));
    }
}
