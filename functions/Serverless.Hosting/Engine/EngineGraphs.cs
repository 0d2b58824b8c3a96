using Serverless.Contracts.Manifest;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning.Model;

namespace Serverless.Local.Engine;

/// <summary>Reads a function's manifest (the `serverless analyze` JSON) as the planner's and engine's graph.</summary>
public static class EngineGraphs
{
    /// <summary>The graph of a manifest: either <c>{"functions":[…]}</c> (first function) or one function object.</summary>
    public static FunctionGraph FromManifest(string manifestJson) => FunctionGraph.FromManifest(ManifestReader.Parse(manifestJson));

    /// <summary>
    /// The graph the engine runs: a function with analysis errors runs as one unit through its original method, so its
    /// first segment takes every parameter as an input.
    /// </summary>
    public static FunctionGraph For(RegisteredFunction entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var graph = FunctionGraph.FromManifest(entry.Graph);
        if (entry.IsSplittable || graph.Segments.Count == 0)
        {
            return graph;
        }

        var all = (graph.Parameters ?? []).Select(p => p.Name);
        return graph with { Segments = [graph.Segments[0] with { Reads = [.. graph.Segments[0].Reads.Union(all, StringComparer.Ordinal)] }, .. graph.Segments.Skip(1)] };
    }
}
