using Microsoft.DurableTask;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The eternal autoscaler: every interval it reads the market (<see cref="IComputeFleet.SnapshotAsync"/>), applies
/// <see cref="ScalingPolicy"/> at the snapshot's time, adds or retires instances, then waits on a durable timer and
/// continues as new with its cooldown clocks. The event <see cref="StopEvent"/> ends it (returning its last state).
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
        var actions = ScalingPolicy.Decide(snapshot.Regions, input.Policy, input.LastScaledAt, snapshot.At);
        var last = new Dictionary<string, DateTimeOffset>(input.LastScaledAt, StringComparer.Ordinal);
        var history = input.History.ToList();
        foreach (var action in actions)
        {
            var template = input.Regions.First(r => r.Region == action.Region);
            var before = snapshot.Regions.First(r => r.Region == action.Region).Instances;
            IReadOnlyList<string> added = action.Add > 0 ? await fleet.AddAsync(context, template, action.Add) : [];
            if (action.Retire.Count > 0)
            {
                await fleet.RetireAsync(context, action.Retire);
            }

            last[action.Region] = snapshot.At;
            history.Add(new ScalingRecord(snapshot.At, action.Region, before, added, action.Retire));
        }

        var next = input with
        {
            LastScaledAt = last,
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
}
