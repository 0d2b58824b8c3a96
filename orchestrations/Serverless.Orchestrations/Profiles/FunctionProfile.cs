namespace Serverless.Orchestrations.Profiles;

/// <summary>What has been measured for a function: work per segment (ms) and size per variable (bytes).</summary>
public sealed record FunctionProfile(
    string FunctionId,
    IReadOnlyDictionary<int, MovingAverage> SegmentWorkMs,
    IReadOnlyDictionary<string, MovingAverage> VariableBytes);
