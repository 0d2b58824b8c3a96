namespace Serverless.Orchestrations.Market;

/// <summary>The market at one moment (the time is part of the snapshot): the load of each region.</summary>
public sealed record FleetSnapshot(DateTimeOffset At, IReadOnlyList<RegionLoad> Regions);
