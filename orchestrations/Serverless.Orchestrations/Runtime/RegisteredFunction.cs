using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;

namespace Serverless.Orchestrations.Runtime;

/// <summary>A function of the <see cref="SplitFunctionRegistry"/>: its generated executors with its parsed manifest.</summary>
public sealed record RegisteredFunction(SplitFunction Function, SplitGraph Graph)
{
    public string Id => Function.Id;

    /// <summary>True when the function may run as more than one unit.</summary>
    public bool IsSplittable => Function.IsSplittable && Graph.IsSplittable;
}
