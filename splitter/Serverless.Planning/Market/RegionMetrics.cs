namespace Serverless.Planning.Market;

/// <summary>A region's market at one moment: active instances, mean utilisation, bids declined and units waiting since the last look, idle instances.</summary>
public sealed record RegionMetrics(string Region, int Instances, int SlotsPerInstance, double Utilisation, int Declined, int Backlog, IReadOnlyList<string> IdleInstances);
