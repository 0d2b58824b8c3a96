using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

/// <summary>Two hand-checkable regions: A (origin; cheap, slow) and B (dear, twice as fast), 30 ms and 0.05/GB apart.</summary>
public static class Fixtures
{
    public static RegionSpec A { get; } = new("A", PricePerGbSecond: 0.00001, PricePerInvocation: 0.000001, Speed: 1, MaxMemoryMb: 4096, AvailableInstances: 5, DispatchLatencyMs: 10);

    public static RegionSpec B { get; } = new("B", PricePerGbSecond: 0.00002, PricePerInvocation: 0.000002, Speed: 2, MaxMemoryMb: 4096, AvailableInstances: 5, DispatchLatencyMs: 20);

    /// <summary>800 Mbps: a byte takes 8 / 800 000 ms, i.e. 100 000 bytes take 1 ms.</summary>
    public static NetworkSpec Network { get; } = new(
        new Dictionary<string, IReadOnlyDictionary<string, double>> { ["A"] = new Dictionary<string, double> { ["B"] = 30 } },
        new Dictionary<string, IReadOnlyDictionary<string, double>> { ["A"] = new Dictionary<string, double> { ["B"] = 0.05 } },
        800);

    public static GraphSegment Seg(int id, double work, string[]? reads = null, string[]? writes = null) =>
        new(id, reads ?? [], writes ?? [], work, id + 1, id + 1);

    public static GraphEdge Data(int from, int to, params string[] vars) => new(from, to, "data", vars);

    public static FunctionGraph Graph(IReadOnlyList<GraphSegment> segments, IReadOnlyList<GraphEdge>? edges = null, IReadOnlyList<GraphDiagnostic>? diagnostics = null) =>
        new("Tests.F", segments, edges ?? [], [new GraphParameter("p", "int")], "int", new GraphAnnotations(), diagnostics ?? []);

    public static PlanRequest Request(FunctionGraph graph, double latencyWeight = 0.001, long returnBytes = 0, IReadOnlyDictionary<string, long>? bytes = null, IReadOnlyList<RegionSpec>? regions = null) =>
        new(graph, VariableBytes: bytes, DefaultVariableBytes: 0, ReturnBytes: returnBytes, MemoryMb: 2048, TimeoutSeconds: 600,
            Origin: "A", Regions: regions ?? [A, B], Network: Network, Objective: new PlanObjective(latencyWeight));

    public static List<(IReadOnlyList<int> Segments, string Region)> Units(params (int[] Segments, string Region)[] units) =>
        units.Select(u => ((IReadOnlyList<int>)u.Segments, u.Region)).ToList();
}
