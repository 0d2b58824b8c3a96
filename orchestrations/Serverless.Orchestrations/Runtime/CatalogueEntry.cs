using Serverless.Annotations.Runtime;

namespace Serverless.Orchestrations.Runtime;

/// <summary>A registered splittable function with its parsed manifest.</summary>
public sealed record CatalogueEntry(SplitFunction Function, ManifestGraph Graph)
{
    public string Id => Function.Id;

    /// <summary>True when the function may run as more than one unit.</summary>
    public bool IsSplittable => Function.IsSplittable && !Graph.HasErrors;
}
