namespace Serverless.Orchestrations.Market;

/// <summary>The instance count the autoscaler wants a region to keep (input of <see cref="ScaleRegionActivity"/>).</summary>
public sealed record RegionScaleRequest(string Region, int Instances);
