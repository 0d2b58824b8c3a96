using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The auction shared by both markets: bids are asked of every instance in every region a demand allows (so a
/// saturated region's units go to the next best), the orchestrator picks the winners, and a winner that no longer
/// accepts (its capacity went to a concurrent auction) is replaced by the best remaining bid, re-asked in rounds. A demand
/// no instance accepts is reported as a shortage (the autoscaler's signal); the orchestrator then waits with backoff
/// and asks again. Winners are chosen by <see cref="Best"/>: the planner's objective for the unit
/// (<see cref="Auction.SelectWinner"/>). Subclasses only move operations to the instances.
/// </summary>
public abstract class AuctionComputeMarket : IComputeMarket
{
    // The demands of the current auction, per orchestration episode: ReserveAsync gets only the winning bids, and a
    // replay re-runs RequestBidsAsync before ReserveAsync on the same context object, so this stays deterministic.
    private readonly ConditionalWeakTable<TaskOrchestrationContext, Auctions> _auctions = [];

    /// <summary>The work a demand is priced for: its estimate, or one reference second when it has none (so prices still compare).</summary>
    public static double PricedWorkMs(UnitDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        return demand.EstimatedMs > 0 ? demand.EstimatedMs : 1000;
    }

    private static readonly AuctionContext PriceOnly = new(0, [], new PlanEnvironment("", [], new NetworkSpec(
        new Dictionary<string, IReadOnlyDictionary<string, double>>(), new Dictionary<string, IReadOnlyDictionary<string, double>>(), 1)));

    /// <summary>Re-auctions for refused winners within one reservation call (each fills at least one more instance).</summary>
    public const int MaxReauctionRounds = 8;

    /// <summary>How long a reservation holds if nobody releases it (an orchestration that vanished).</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(10);

    public Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands) =>
        RequestBidsAsync(context, demands, [], hold: false);

    /// <summary>
    /// <see cref="RequestBidsAsync(TaskOrchestrationContext, IReadOnlyList{UnitDemand})"/> after releasing
    /// <paramref name="releaseFirst"/>, in as few round trips as the market allows (the in-process market: one, which
    /// also holds the winners <see cref="Best"/> will pick, so <see cref="ReserveAsync"/> needs no call for them). The
    /// caller must pass the winners it picks to <see cref="ReserveAsync"/>, which releases holds it did not pick.
    /// </summary>
    public Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands, IReadOnlyList<ComputeReservation> releaseFirst) =>
        RequestBidsAsync(context, demands, releaseFirst, hold: true);

    private async Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands, IReadOnlyList<ComputeReservation> releaseFirst, bool hold)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(demands);
        ArgumentNullException.ThrowIfNull(releaseFirst);
        var auctions = _auctions.GetOrCreateValue(context);
        foreach (var d in demands)
        {
            auctions.Demands[(d.UnitId, d.Attempt)] = d;
        }

        if (demands.Count == 0)
        {
            await ReleaseAsync(context, releaseFirst);
            return [];
        }

        var round = hold
            ? await AuctionRoundAsync(context, releaseFirst, demands)
            : new AuctionRoundResult(await CollectBidsAsync(context, demands), []);
        foreach (var h in round.Held)
        {
            auctions.Held[(h.UnitId, h.Attempt)] = h;
        }

        return auctions.Remember(round.Bids, Now(context));
    }

    public async Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeBid> winners)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(winners);
        var auctions = _auctions.GetOrCreateValue(context);
        var byUnit = auctions.Demands;
        var demands = winners.Select(w => byUnit.TryGetValue((w.UnitId, w.Attempt), out var d)
            ? d
            : throw new InvalidOperationException($"Unit {w.UnitId} (attempt {w.Attempt}) was not in this orchestration's auction; call {nameof(RequestBidsAsync)} first.")).ToList();

        // Winners the market already holds (the auction round reserved the bid it expected to win) need no call; a
        // hold on another instance than the winner is released.
        var result = new ComputeReservation?[winners.Count];
        var stale = new List<ComputeReservation>();
        var pending = new List<int>();
        for (var i = 0; i < winners.Count; i++)
        {
            if (auctions.Held.Remove((winners[i].UnitId, winners[i].Attempt), out var hold) && hold.Instance == winners[i].Instance)
            {
                result[i] = hold;
            }
            else
            {
                if (hold is not null)
                {
                    stale.Add(hold);
                }

                pending.Add(i);
            }
        }

        stale.AddRange(auctions.Held.Values);
        auctions.Held.Clear();
        if (stale.Count > 0)
        {
            await ReleaseLeasesAsync(context, stale);
        }

        if (pending.Count > 0)
        {
            var reserved = await ReserveBidsAsync(context, [.. pending.Select(i => new BidToReserve(winners[i], demands[i], LeaseId(context, winners[i]), auctions.Version(winners[i])))]);
            for (var k = 0; k < pending.Count; k++)
            {
                result[pending[k]] = reserved[k];
            }
        }

        // Refused winners (their capacity went to a concurrent auction, or to this batch's other units): fresh
        // auctions for just those units, best bid reserved, round after round while some get placed.
        var refused = Enumerable.Range(0, winners.Count).Where(i => result[i] is null).ToList();
        for (var round = 0; refused.Count > 0 && round < MaxReauctionRounds; round++)
        {
            var again = auctions.Remember(await CollectBidsAsync(context, [.. refused.Select(i => demands[i])]), Now(context));
            var retry = new List<(int Index, BidToReserve Bid)>();
            foreach (var i in refused)
            {
                var best = Best(again, demands[i], Now(context));
                if (best is not null)
                {
                    retry.Add((i, new BidToReserve(best, demands[i], LeaseId(context, best), auctions.Version(best))));
                }
            }

            if (retry.Count == 0)
            {
                break;
            }

            var second = await ReserveBidsAsync(context, [.. retry.Select(r => r.Bid)]);
            for (var k = 0; k < retry.Count; k++)
            {
                result[retry[k].Index] = second[k];
            }

            var placed = refused.Count(i => result[i] is not null);
            refused = [.. refused.Where(i => result[i] is null)];
            if (placed == 0)
            {
                break;
            }
        }

        if (refused.Count > 0)
        {
            await ReportShortageAsync(context, [.. refused.Select(i => demands[i])]);
        }

        foreach (var w in winners)
        {
            byUnit.Remove((w.UnitId, w.Attempt));
        }

        auctions.Versions.Clear();

        return result;
    }

    public Task ReleaseAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        return reservations.Count == 0 ? Task.CompletedTask : ReleaseLeasesAsync(context, reservations);
    }

    /// <summary>
    /// The winning bid for a demand among those in its allowed regions (and, given <paramref name="now"/>, unexpired):
    /// the one minimising the planner's objective for the unit (<see cref="Auction.Score"/> with the demand's
    /// <see cref="UnitDemand.Pricing"/>: price + input transfer + latency weight × expected finish; by price alone
    /// without it), ties to the lower price, then the ordinal-smallest instance. A network without a value for an
    /// input's route scores that demand without transfers rather than failing the unit.
    /// </summary>
    public static ComputeBid? Best(IEnumerable<ComputeBid> bids, UnitDemand demand, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(bids);
        ArgumentNullException.ThrowIfNull(demand);
        var candidates = bids.Where(b => b.UnitId == demand.UnitId && b.Attempt == demand.Attempt && demand.Regions.Contains(b.Region)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var offers = candidates.Select(b => new BidResult(b.Instance, b.Region, true, b.Price, b.StartDelayMs, b.DurationMs > 0 ? b.DurationMs : PricedWorkMs(demand), b.ExpiresAt, 0, null, null)).ToList();
        var pricing = demand.Pricing ?? PriceOnly;
        var at = now ?? DateTimeOffset.MinValue;
        BidResult? winner;
        try
        {
            winner = Auction.SelectWinner(offers, pricing, at);
        }
        catch (ArgumentException)
        {
            winner = Auction.SelectWinner(offers, pricing with { Inputs = [] }, at);
        }

        return winner is null ? null : candidates[offers.FindIndex(o => ReferenceEquals(o, winner))];
    }

    /// <summary>
    /// The demand's expected finish on <paramref name="bid"/>, in ms after the auction (<see cref="Auction.ExpectedFinishMs"/>
    /// with the demand's pricing; without transfers when the network lacks a route, as <see cref="Best"/> scores it).
    /// </summary>
    public static double ExpectedFinishMs(ComputeBid bid, UnitDemand demand)
    {
        ArgumentNullException.ThrowIfNull(bid);
        ArgumentNullException.ThrowIfNull(demand);
        var offer = new BidResult(bid.Instance, bid.Region, true, bid.Price, bid.StartDelayMs, bid.DurationMs > 0 ? bid.DurationMs : PricedWorkMs(demand), bid.ExpiresAt, 0, null, null);
        var pricing = demand.Pricing ?? PriceOnly;
        try
        {
            return Auction.ExpectedFinishMs(offer, pricing);
        }
        catch (ArgumentException)
        {
            return Auction.ExpectedFinishMs(offer, pricing with { Inputs = [] });
        }
    }

    /// <summary>The lease id of a unit attempt on an instance: unique per orchestration, unit, attempt and instance.</summary>
    public static string LeaseId(TaskOrchestrationContext context, ComputeBid bid)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LeaseId(context.InstanceId, bid);
    }

    /// <summary>The lease id of a unit attempt on an instance, for the orchestration <paramref name="orchestrationId"/>.</summary>
    public static string LeaseId(string orchestrationId, ComputeBid bid)
    {
        ArgumentNullException.ThrowIfNull(bid);
        return $"{orchestrationId}/{bid.UnitId}/{bid.Attempt}@{bid.Instance}";
    }

    /// <summary>
    /// One auction round: releases <paramref name="release"/>, then collects bids (<see cref="CollectBidsAsync"/>);
    /// holds nothing. A market that can reserve the expected winners in the same round trip overrides it.
    /// </summary>
    protected virtual async Task<AuctionRoundResult> AuctionRoundAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> release, IReadOnlyList<UnitDemand> demands)
    {
        if (release.Count > 0)
        {
            await ReleaseLeasesAsync(context, release);
        }

        return new AuctionRoundResult(await CollectBidsAsync(context, demands), []);
    }

    /// <summary>Asks every instance of every region of each demand for a bid; reports demands nobody accepted as a shortage.</summary>
    protected abstract Task<IReadOnlyList<VersionedBid>> CollectBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands);

    /// <summary>Reserves each bid's instance under its lease id; null where the instance refused.</summary>
    protected abstract Task<IReadOnlyList<ComputeReservation?>> ReserveBidsAsync(TaskOrchestrationContext context, IReadOnlyList<BidToReserve> bids);

    protected abstract Task ReleaseLeasesAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations);

    protected abstract Task ReportShortageAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands);

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private sealed class Auctions
    {
        public Dictionary<(int UnitId, int Attempt), UnitDemand> Demands { get; } = [];

        public Dictionary<(int UnitId, int Attempt, string Instance), int> Versions { get; } = [];

        /// <summary>Reservations the last auction round already holds, per unit attempt (see <see cref="AuctionRoundAsync"/>).</summary>
        public Dictionary<(int UnitId, int Attempt), ComputeReservation> Held { get; } = [];

        /// <summary>Keeps the bids' versions; returns the bids with their validity re-based onto the orchestration's clock.</summary>
        public IReadOnlyList<ComputeBid> Remember(IReadOnlyList<VersionedBid> bids, DateTimeOffset now)
        {
            foreach (var b in bids)
            {
                Versions[(b.Bid.UnitId, b.Bid.Attempt, b.Bid.Instance)] = b.Version;
            }

            return [.. bids.Select(b => b.At is { } at ? b.Bid with { ExpiresAt = now + (b.Bid.ExpiresAt - at) } : b.Bid)];
        }

        public int Version(ComputeBid bid) => Versions.GetValueOrDefault((bid.UnitId, bid.Attempt, bid.Instance), -1);
    }
}
