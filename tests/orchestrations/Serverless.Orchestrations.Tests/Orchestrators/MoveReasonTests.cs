using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.Orchestrators;

/// <summary>Plan version 4's rule for leaving the planned region: only when it has declined for K rounds or its best
/// bid starts later than the slack, max(floor, fraction × estimated work), and only when there is a fallback.</summary>
public sealed class MoveReasonTests
{
    private static readonly PlanUnit Unit = new() { Id = 1, Segments = [1], Region = "a", FallbackRegions = ["b"], EstimatedWorkMs = 4000 };

    private static ExecutionPlan Plan(ExecutionOptions? options = null) => new()
    {
        Version = 4,
        ExecutionId = "e",
        FunctionId = "f",
        Units = [Unit],
        Options = options ?? new ExecutionOptions(),
    };

    private static ActiveUnit Attempt(int waits) => new() { UnitId = 1, Attempt = 1, Dispatched = false, WaitingUntil = DateTime.UnixEpoch, Region = "a", CapacityWaits = waits };

    private static ComputeBid Bid(double startDelayMs) => new(1, 1, "a", "a/0", 0.1, startDelayMs, DateTimeOffset.MaxValue);

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(2, Replan.Declined)]
    [InlineData(5, Replan.Declined)]
    public void MoveReason_EveryBidDeclined_MovesAfterTheConfiguredWaits(int waits, string? expected) =>
        Assert.Equal(expected, ExecutePlanOrchestrator.MoveReason(Plan(), Unit, Attempt(waits), null));

    [Fact]
    public void MoveReason_DeclinedWithZeroWaitsAllowed_MovesAtOnce() =>
        Assert.Equal(Replan.Declined, ExecutePlanOrchestrator.MoveReason(Plan(new ExecutionOptions { ReplanAfterCapacityWaits = 0 }), Unit, Attempt(0), null));

    [Theory]
    [InlineData(0, null)]
    [InlineData(2000, null)] // slack: max(1000, 0.5 × 4000) = 2000 ms
    [InlineData(2001, Replan.StartDelay)]
    public void MoveReason_BestBidStartDelay_MovesBeyondTheSlack(double delay, string? expected) =>
        Assert.Equal(expected, ExecutePlanOrchestrator.MoveReason(Plan(), Unit, Attempt(0), Bid(delay)));

    [Fact]
    public void MoveReason_ShortUnit_SlackIsTheFloor()
    {
        var unit = Unit with { EstimatedWorkMs = 10 };

        Assert.Null(ExecutePlanOrchestrator.MoveReason(Plan(), unit, Attempt(0), Bid(1000)));
        Assert.Equal(Replan.StartDelay, ExecutePlanOrchestrator.MoveReason(Plan(), unit, Attempt(0), Bid(1001)));
    }

    [Fact]
    public void MoveReason_NoFallbackRegion_NeverMoves()
    {
        var unit = Unit with { FallbackRegions = [] };

        Assert.Null(ExecutePlanOrchestrator.MoveReason(Plan(), unit, Attempt(9), null));
        Assert.Null(ExecutePlanOrchestrator.MoveReason(Plan(), unit, Attempt(0), Bid(1e9)));
    }
}
