using Microsoft.DurableTask;
using Serverless.Orchestrations.Observability;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The eternal autoscaler: every interval it reads the market (<see cref="IComputeFleet.SnapshotAsync"/>), applies
/// <see cref="ScalingPolicy"/> at the snapshot's time to per-region metrics (utilisation samples over the scale-down
/// window, declined demand, last scale times), adds instances or retires idle ones, then waits on a durable timer and
/// continues as new with its state. The event <see cref="StopEvent"/> ends it (returning its last state).
/// </summary>
public sealed class AutoscalerOrchestrator(IComputeFleet fleet) : TaskOrchestrator<AutoscalerInput, AutoscalerInput?>
{
    public const string InstanceId = "market-autoscaler";

    public const string StopEvent = "StopAutoscaler";

    public const int HistoryLength = 50;

    public override async Task<AutoscalerInput?> RunAsync(TaskOrchestrationContext context, AutoscalerInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Regions.Count == 0 || input.IntervalMs <= 0)
        {
            throw new ArgumentException($"The autoscaler needs at least one region template and a positive interval (got {input.Regions.Count} regions, {input.IntervalMs} ms).");
        }

        var snapshot = await fleet.SnapshotAsync(context, input.Regions);
        var now = snapshot.At;
        var samples = new Dictionary<string, List<UtilisationSample>>(StringComparer.Ordinal);
        var up = new Dictionary<string, DateTimeOffset>(input.LastScaleUp, StringComparer.Ordinal);
        var down = new Dictionary<string, DateTimeOffset>(input.LastScaleDown, StringComparer.Ordinal);
        foreach (var load in snapshot.Regions)
        {
            if (!context.IsReplaying)
            {
                SplitterMetrics.RegionObserved(load.Region, load.Instances, load.Backlog, load.Declined);
            }

            samples[load.Region] = Keep([.. input.Samples.GetValueOrDefault(load.Region, []), new UtilisationSample(now, load.Utilisation)], now - input.Policy.ScaleDownWindow);
        }

        var metrics = snapshot.Regions.Select(l => new RegionMetrics(
            l.Region, l.Instances, samples[l.Region], l.Declined, l.Backlog, up.TryGetValue(l.Region, out var u) ? u : null, down.TryGetValue(l.Region, out var d) ? d : null)).ToList();
        var history = input.History.ToList();
        foreach (var decision in ScalingPolicy.Decide(metrics, now, input.Policy).Where(d => d.Delta != 0))
        {
            var load = snapshot.Regions.First(r => r.Region == decision.Region);
            if (decision.Delta > 0)
            {
                var template = input.Regions.First(r => r.Region == decision.Region);
                var added = await fleet.AddAsync(context, template, decision.Delta);
                up[decision.Region] = now;
                history.Add(new ScalingRecord(now, decision.Region, load.Instances, added, [], decision.Reason));
            }
            else
            {
                // Only idle instances are retired (a retired instance finishes what it holds, but takes nothing new).
                var retire = load.IdleInstances.OrderByDescending(i => i, StringComparer.Ordinal).Take(-decision.Delta).ToList();
                if (retire.Count == 0)
                {
                    continue;
                }

                await fleet.RetireAsync(context, retire);
                down[decision.Region] = now;
                history.Add(new ScalingRecord(now, decision.Region, load.Instances, [], retire, decision.Reason));
            }
        }

        var next = input with
        {
            Samples = samples,
            LastScaleUp = up,
            LastScaleDown = down,
            Iteration = input.Iteration + 1,
            History = [.. history.Skip(Math.Max(0, history.Count - HistoryLength))],
        };

        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(TimeSpan.FromMilliseconds(input.IntervalMs), cancel.Token);
        var stop = context.WaitForExternalEvent<bool>(StopEvent, cancel.Token);
        if (await Task.WhenAny(timer, stop) == stop)
        {
            return next;
        }

        cancel.Cancel();
        context.ContinueAsNew(next, preserveUnprocessedEvents: true);
        return null;
    }

    /// <summary>The samples inside the window plus the newest one before it (so the window counts as covered).</summary>
    private static List<UtilisationSample> Keep(List<UtilisationSample> samples, DateTimeOffset windowStart)
    {
        var ordered = samples.OrderBy(s => s.At).ToList();
        var firstInside = ordered.FindIndex(s => s.At > windowStart);
        return firstInside <= 0 ? ordered : ordered.Skip(firstInside - 1).ToList();
    }
}
