namespace Serverless.Planning.Market;

/// <summary>What to change in a region: instances to add, and which idle instances to retire.</summary>
public sealed record ScalingAction(string Region, int Add, IReadOnlyList<string> Retire);
