using System.Collections.Generic;

namespace Serverless.Contracts.Manifest;

/// <summary>An edge between segments; <see cref="Kind"/> is one of <see cref="EdgeKinds"/>.</summary>
public sealed record SegmentEdge(int From, int To, string Kind, IReadOnlyList<string> Variables);

/// <summary>The edge kinds of the manifest.</summary>
public static class EdgeKinds
{
    /// <summary>The target reads a variable the source wrote last.</summary>
    public const string Data = "data";

    /// <summary>The source may return early; the target runs only if it did not.</summary>
    public const string Control = "control";

    /// <summary>Both touch state outside the method (fields, statics) and keep their source order.</summary>
    public const string Order = "order";
}
