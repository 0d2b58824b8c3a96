using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The auction on the embedded engine, which has no entities: the same <see cref="ComputeInstance"/> entity class,
/// driven in-process by <see cref="InProcessMarket"/> behind activities (register them with
/// <see cref="RegisterTasks"/>). One activity per auction round, reservation batch and release batch.
/// </summary>
public sealed class InProcessComputeMarket : AuctionComputeMarket
{
    /// <summary>Registers the activities this market calls.</summary>
    public static void RegisterTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<InProcessBidActivity>();
        registry.AddActivity<InProcessReserveActivity>();
        registry.AddActivity<InProcessReleaseActivity>();
        registry.AddActivity<InProcessShortageActivity>();
    }

    protected override async Task<IReadOnlyList<ComputeBid>> CollectBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands) =>
        await context.CallActivityAsync<IReadOnlyList<ComputeBid>>(nameof(InProcessBidActivity), demands);

    protected override async Task<IReadOnlyList<ComputeReservation?>> ReserveBidsAsync(TaskOrchestrationContext context, IReadOnlyList<BidToReserve> bids) =>
        await context.CallActivityAsync<IReadOnlyList<ComputeReservation?>>(nameof(InProcessReserveActivity), bids);

    protected override Task ReleaseLeasesAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations) =>
        context.CallActivityAsync<int>(nameof(InProcessReleaseActivity), reservations);

    protected override Task ReportShortageAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands) =>
        context.CallActivityAsync<int>(nameof(InProcessShortageActivity), demands);
}
