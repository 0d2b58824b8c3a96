namespace Serverless.Contracts.Plans;

/// <summary>A variable a unit hands on as it is right after one of its segments (another unit reads it from there).</summary>
public sealed record UnitOutput(string Variable, int Segment);
