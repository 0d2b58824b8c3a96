namespace Serverless.Splitting.Analysis;

/// <summary>
/// The static work estimate (reference milliseconds), see docs/splitting.md: every operation node costs
/// <see cref="Operation"/>, calls, creations and awaits add to it, and loop or lambda bodies are multiplied by
/// <see cref="LoopFactor"/> per nesting level. All terms are non-negative and factors are at least 1, so adding
/// code never lowers the estimate.
/// </summary>
internal static class WorkWeights
{
    public const double Operation = 0.01;
    public const double Invocation = 0.05;
    public const double Creation = 0.05;
    public const double Await = 1.0;
    public const double AsyncCall = 1.0;
    public const double SplitableCall = 10.0;
    public const double LoopFactor = 10.0;
    public const double MaxFactor = 1e6;
    public const double Max = 1e9;
}
