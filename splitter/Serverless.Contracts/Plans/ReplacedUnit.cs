namespace Serverless.Contracts.Plans;

/// <summary>A unit not started yet that a re-plan (plan version 5) moved from one region to another.</summary>
public sealed record ReplacedUnit(int UnitId, string FromRegion, string ToRegion);
