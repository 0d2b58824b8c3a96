namespace Serverless.Orchestrations.Market;

/// <summary>Units that found no instance in a region (every instance declined, or there was none).</summary>
public sealed record RegionShortage(string Region, int Units);
