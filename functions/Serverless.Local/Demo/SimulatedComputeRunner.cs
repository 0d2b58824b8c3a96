using System.Diagnostics;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Demo;

/// <summary>
/// Runs a unit's real segments (the result is real) and then stretches the unit to its simulated compute time in
/// the region running it (<see cref="SimulatedNetwork.ComputeMs"/>), so that slow and fast regions show.
/// </summary>
internal sealed class SimulatedComputeRunner(ISegmentRunner inner, SimulatedNetwork network) : ISegmentRunner
{
    public async Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var result = await inner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (SimulatedNetwork.CurrentRegion is { } region)
        {
            var remaining = network.ComputeMs(request.FunctionId, request.Segments, region) - Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (remaining >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }
}
