namespace Serverless.Orchestrations.Market;

/// <summary>A region's market at one moment: active instances, mean utilisation, units no instance accepted since the last look, queued units, idle instances.</summary>
public sealed record RegionLoad(string Region, int Instances, double Utilisation, int Declined, int Backlog, IReadOnlyList<string> IdleInstances);
