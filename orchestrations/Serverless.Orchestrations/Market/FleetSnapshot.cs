using Serverless.Planning.Market;

namespace Serverless.Orchestrations.Market;

/// <summary>The market at one moment (the time is part of the snapshot): per-region metrics for the scaling policy.</summary>
public sealed record FleetSnapshot(DateTimeOffset At, IReadOnlyList<RegionMetrics> Regions);
