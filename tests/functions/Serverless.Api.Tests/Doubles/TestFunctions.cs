using Serverless.Contracts.Manifest;

namespace Serverless.Api.Tests.Doubles;

/// <summary>Hand-written manifests of a few functions (what the generated registration would hold).</summary>
public static class TestFunctions
{
    public const string SumOfSquares = "Demo.Math.SumOfSquares";
    public const string Shout = "Demo.Text.Shout";
    public const string Broken = "Demo.Broken.Iterate";

    public static SplitGraph SumOfSquaresGraph { get; } = new()
    {
        Function = SumOfSquares,
        Parameters = [new("a", "int"), new("b", "int")],
        ReturnType = "int",
        Annotations = SplitAnnotations.None,
        Segments =
        [
            new(0, 10, 10, ["a"], ["x"], 1.0),
            new(1, 11, 11, ["b"], ["y"], 1.0),
            new(2, 12, 12, ["x", "y"], [], 1.0),
        ],
        Edges = [new(0, 2, EdgeKinds.Data, ["x"]), new(1, 2, EdgeKinds.Data, ["y"])],
        Diagnostics = [],
    };

    public static SplitGraph ShoutGraph { get; } = new()
    {
        Function = Shout,
        Parameters = [new("text", "string")],
        ReturnType = "string",
        Annotations = new SplitAnnotations(new GeoPreferenceInfo(["eastus"], false), new ResourceConstraintInfo(512, 30)),
        Segments = [new(0, 5, 5, ["text"], ["upper"], 1.0), new(1, 6, 6, ["upper"], [], 1.0)],
        Edges = [new(0, 1, EdgeKinds.Data, ["upper"])],
        Diagnostics = [],
    };

    public static SplitGraph BrokenGraph { get; } = new()
    {
        Function = Broken,
        Parameters = [new("n", "int")],
        ReturnType = "System.Collections.Generic.IEnumerable<int>",
        Annotations = SplitAnnotations.None,
        Segments = [new(0, 3, 3, ["n"], [], 1.0), new(1, 4, 4, ["n"], [], 1.0)],
        Edges = [],
        Diagnostics = [new("SPL001", DiagnosticSeverityNames.Error, 4, "Iterators cannot be split: remove [Splitable] or return a list.")],
    };
}
