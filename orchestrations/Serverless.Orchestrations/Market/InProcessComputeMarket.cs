using Microsoft.DurableTask;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The auction on the embedded engine, which has no entities: the same <see cref="ComputeInstance"/> entity class,
/// driven in-process by <see cref="InProcessMarket"/> behind activities (register them with
/// <see cref="RegisterTasks"/>). One activity per auction round (<see cref="InProcessAuctionActivity"/>: the leases
/// finished units held are released, bids collected, and the expected winners already reserved, so a winner costs no
/// second round trip), plus one per re-auction, refused or unexpected winner, and release batch without an auction.
/// </summary>
public sealed class InProcessComputeMarket : AuctionComputeMarket
{
    /// <summary>Registers the activities this market calls.</summary>
    public static void RegisterTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity<InProcessAuctionActivity>();
        registry.AddActivity<InProcessBidActivity>();
        registry.AddActivity<InProcessReserveActivity>();
        registry.AddActivity<InProcessReleaseActivity>();
        registry.AddActivity<InProcessShortageActivity>();
    }

    protected override async Task<IReadOnlyList<VersionedBid>> CollectBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands) =>
        await context.CallActivityAsync<IReadOnlyList<VersionedBid>>(nameof(InProcessBidActivity), demands);

    protected override async Task<AuctionRoundResult> AuctionRoundAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> release, IReadOnlyList<UnitDemand> demands) =>
        await context.CallActivityAsync<AuctionRoundResult>(nameof(InProcessAuctionActivity), AuctionRound.For(context.InstanceId, release, demands));

    protected override async Task<IReadOnlyList<ComputeReservation?>> ReserveBidsAsync(TaskOrchestrationContext context, IReadOnlyList<BidToReserve> bids) =>
        await context.CallActivityAsync<IReadOnlyList<ComputeReservation?>>(nameof(InProcessReserveActivity), bids);

    protected override Task ReleaseLeasesAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations) =>
        context.CallActivityAsync<int>(nameof(InProcessReleaseActivity), reservations);

    protected override Task ReportShortageAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands) =>
        context.CallActivityAsync<int>(nameof(InProcessShortageActivity), demands);
}
