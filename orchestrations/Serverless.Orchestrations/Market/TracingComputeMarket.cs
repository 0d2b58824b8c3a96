using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// Wraps any <see cref="IComputeMarket"/> and records one <c>auction</c> span per auction (<see cref="RequestBidsAsync"/>
/// and the <see cref="ReserveAsync"/> that follows it), parented on the execution's trace context (the plan's
/// <see cref="ExecutionPlan.TraceParent"/>). Orchestrator code is replayed, so the span is replay-safe: it is recorded
/// only when the auction ends while the orchestration is not replaying (exactly once per auction), and its start and
/// end are the orchestration's <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> at the auction's start and end.
/// </summary>
/// <remarks>
/// An auction ends when its reservations come back; when no bid can win (nothing to reserve) it ends with the bids, and
/// when the orchestrator moves on without reserving (next auction or a release) it is recorded then, ending with the bids.
/// The state between the two calls lives per context object, which the SDK creates afresh for each replay.
/// </remarks>
public sealed class TracingComputeMarket : IComputeMarket
{
    private readonly IComputeMarket _inner;
    private readonly ConditionalWeakTable<TaskOrchestrationContext, AuctionState> _states = new();

    public TracingComputeMarket(IComputeMarket inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner is TracingComputeMarket tracing ? tracing._inner : inner;
    }

    public async Task<IReadOnlyList<ComputeBid>> RequestBidsAsync(TaskOrchestrationContext context, IReadOnlyList<UnitDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(demands);
        var state = State(context);
        Flush(context, state);
        var started = context.CurrentUtcDateTime;
        var bids = await _inner.RequestBidsAsync(context, demands);
        var auction = new OpenAuction(demands, bids.Count, started, context.CurrentUtcDateTime);
        if (bids.Any(b => demands.Any(d => d.UnitId == b.UnitId && d.Attempt == b.Attempt)))
        {
            state.Open = auction;
        }
        else
        {
            Record(context, state, auction, null, auction.BidsAt);
        }

        return bids;
    }

    public async Task<IReadOnlyList<ComputeReservation?>> ReserveAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeBid> winners)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reservations = await _inner.ReserveAsync(context, winners);
        var state = State(context);
        if (state.Open is { } auction)
        {
            state.Open = null;
            Record(context, state, auction, reservations, context.CurrentUtcDateTime);
        }

        return reservations;
    }

    public Task ReleaseAsync(TaskOrchestrationContext context, IReadOnlyList<ComputeReservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(context);
        Flush(context, State(context));
        return _inner.ReleaseAsync(context, reservations);
    }

    private AuctionState State(TaskOrchestrationContext context) => _states.GetValue(context, c => new AuctionState(ParentOf(c)));

    private static string? ParentOf(TaskOrchestrationContext context)
    {
        try
        {
            return context.GetInput<ExecutionPlan>()?.TraceParent;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            // Another orchestrator's input: the auction has no execution trace to join.
            return null;
        }
    }

    /// <summary>An auction the orchestrator left without reserving ends with its bids.</summary>
    private static void Flush(TaskOrchestrationContext context, AuctionState state)
    {
        if (state.Open is { } auction)
        {
            state.Open = null;
            Record(context, state, auction, null, auction.BidsAt);
        }
    }

    private static void Record(TaskOrchestrationContext context, AuctionState state, OpenAuction auction, IReadOnlyList<ComputeReservation?>? reservations, DateTime endedAt)
    {
        if (context.IsReplaying || auction.Demands.Count == 0)
        {
            return;
        }

        var held = reservations?.Where(r => r is not null).Select(r => r!).ToList() ?? [];
        SplitterMetrics.AuctionEnded(auction.Demands.Count, held.Count);
        using var span = SplitterTelemetry.RecordAuction(auction.Demands[0].ExecutionId, auction.Demands.Count, state.Parent, auction.StartedAt, endedAt);
        if (span is null)
        {
            return;
        }

        span.SetTag("splitter.bids", auction.Bids)
            .SetTag("splitter.reserved", held.Count)
            .SetTag("splitter.unit_ids", string.Join(",", auction.Demands.Select(d => d.UnitId)))
            .SetTag("splitter.regions", string.Join(",", held.Select(r => r.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        if (held.Count < auction.Demands.Count)
        {
            span.SetTag("splitter.unplaced", auction.Demands.Count - held.Count);
        }

        span.SetStatus(ActivityStatusCode.Ok);
    }

    private sealed class AuctionState(string? parent)
    {
        public string? Parent { get; } = parent;

        public OpenAuction? Open { get; set; }
    }

    private sealed record OpenAuction(IReadOnlyList<UnitDemand> Demands, int Bids, DateTime StartedAt, DateTime BidsAt);
}
