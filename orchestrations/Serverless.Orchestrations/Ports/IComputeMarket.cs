using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Where a unit gets a compute instance, called from the orchestrator (implementations must be deterministic and do
/// I/O only through the context: activities or entity calls). An auction is: <see cref="RequestBidsAsync"/> for a
/// batch of demands, the orchestrator picks a winner per demand, <see cref="ReserveAsync"/> the winners, and
/// <see cref="ReleaseAsync"/> when the unit is done.
/// </summary>
public interface IComputeMarket
{
    /// <summary>Bids of the instances able to run each demand (several bids per demand; none when all decline).</summary>
    Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands);

    /// <summary>Reserves the winning bids; a reservation is null where the instance no longer accepts the unit.</summary>
    Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeBid> winners);

    /// <summary>Frees reservations (after the unit finished or its attempt was abandoned).</summary>
    Task ReleaseAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations);
}

/// <summary>What a unit attempt needs: memory, an estimated duration, and the regions it may run in (preferred first).</summary>
public sealed record UnitDemand(string ExecutionId, int UnitId, int Attempt, int MemoryMb, double EstimatedMs, IReadOnlyList<string> Regions)
{
    /// <summary>What the winner is chosen by (where the inputs are, network, latency weight); null: by price only.
    /// Kept in the orchestration's memory, never sent to activities or entities.</summary>
    [JsonIgnore]
    public AuctionContext? Pricing { get; init; }
}

/// <summary>An instance's offer for a demand: price, expected start delay, validity, and expected duration on it (0: unknown).</summary>
public sealed record ComputeBid(int UnitId, int Attempt, string Region, string Instance, double Price, double StartDelayMs, DateTimeOffset ExpiresAt, double DurationMs = 0);

/// <summary>A held reservation: the instance runs the unit under this lease.</summary>
public sealed record ComputeReservation(int UnitId, int Attempt, string Region, string Instance, string LeaseId);
