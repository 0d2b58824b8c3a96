using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The market without an auction: every demand gets one free bid from instance <c>{region}-0</c> of its first
/// region, and reservations always succeed. No activity is called, so it adds nothing to the history.
/// </summary>
public sealed class PlanRegionMarket : IComputeMarket
{
    public Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(demands);
        var expires = context.CurrentUtcDateTime.AddMinutes(5);
        IReadOnlyList<ComputeBid> bids = [.. demands.Select(d => new ComputeBid(d.UnitId, d.Attempt, d.Regions[0], d.Regions[0] + "-0", 0, 0, expires))];
        return Task.FromResult(bids);
    }

    public Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeBid> winners)
    {
        ArgumentNullException.ThrowIfNull(winners);
        IReadOnlyList<ComputeReservation?> reservations =
            [.. winners.Select(b => (ComputeReservation?)new ComputeReservation(b.UnitId, b.Attempt, b.Region, b.Instance, $"{b.Instance}/{b.UnitId}/{b.Attempt}"))];
        return Task.FromResult(reservations);
    }

    public Task ReleaseAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations) => Task.CompletedTask;
}
