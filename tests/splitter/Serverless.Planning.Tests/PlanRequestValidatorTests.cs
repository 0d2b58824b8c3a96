using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;
using static Serverless.Planning.Tests.Fixtures;

namespace Serverless.Planning.Tests;

public class PlanRequestValidatorTests
{
    private static readonly PlanRequest Valid = Request(Graph([Seg(0, 10, writes: ["x"]), Seg(1, 10, reads: ["x"])], [Data(0, 1, "x")]));

    public static TheoryData<string, string> InvalidRequests() => new()
    {
        { "segments[1].id", "graph.segments[1].id" },
        { "work", "graph.segments[0].work" },
        { "edge-backwards", "graph.edges[0]" },
        { "edge-kind", "graph.edges[0].kind" },
        { "edge-range", "graph.edges[0].to" },
        { "speed", "regions[1].speed" },
        { "duplicate-region", "regions[1].name" },
        { "bandwidth", "network.bandwidthMbps" },
        { "missing-pair", "network.latencyMs.A.C" },
        { "geo-unknown", "geoPreference.regions[0]" },
        { "memory", "memoryMb" },
        { "deadline", "objective.deadlineMs" },
        { "bytes", "variableBytes.x" },
        { "origin-missing", "origin" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Validate_InvalidMember_NamesTheField(string mutation, string field)
    {
        var request = mutation switch
        {
            "segments[1].id" => Valid with { Graph = Valid.Graph with { Segments = [Seg(0, 1), Seg(5, 1)] } },
            "work" => Valid with { Graph = Valid.Graph with { Segments = [Seg(0, double.NaN), Seg(1, 1)] } },
            "edge-backwards" => Valid with { Graph = Valid.Graph with { Edges = [Data(1, 0, "x")] } },
            "edge-kind" => Valid with { Graph = Valid.Graph with { Edges = [new GraphEdge(0, 1, "maybe")] } },
            "edge-range" => Valid with { Graph = Valid.Graph with { Edges = [Data(0, 7, "x")] } },
            "speed" => Valid with { Regions = [A, B with { Speed = 0 }] },
            "duplicate-region" => Valid with { Regions = [A, A] },
            "bandwidth" => Valid with { Network = Network with { BandwidthMbps = -1 } },
            "missing-pair" => Valid with { Regions = [A, B, A with { Name = "C" }] },
            "geo-unknown" => Valid with { GeoPreference = new GeoPreferenceSpec(["mars"]) },
            "memory" => Valid with { MemoryMb = 0 },
            "deadline" => Valid with { Objective = new PlanObjective(0, -5) },
            "bytes" => Valid with { VariableBytes = new Dictionary<string, long> { ["x"] = -1 } },
            "origin-missing" => Valid with { Origin = null },
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        var errors = PlanRequestValidator.Validate(request);

        Assert.Contains(errors, e => e.Field == field);
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(request));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidRequest_HasNoErrors()
    {
        Assert.Empty(PlanRequestValidator.Validate(Valid));
        Assert.Empty(PlanRequestValidator.Validate(PlanEnvironment.Default));
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_NamesIt()
    {
        var json = JsonSerializer.Serialize(Valid, PlanningJsonContext.Default.PlanRequest).Replace("\"speed\":1,", "", StringComparison.Ordinal);
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, PlanningJsonContext.Default.PlanRequest));
        Assert.Contains("speed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_IssueShapedRequest_ReadsEveryMember()
    {
        const string json = """
            {"graph":{"function":"F","parameters":[{"name":"p","type":"int"}],"returnType":"int",
              "annotations":{"geoPreference":{"regions":["A"],"strict":true},"resourceConstraint":{"memoryMb":512,"timeoutSeconds":5}},
              "segments":[{"id":0,"startLine":3,"endLine":4,"reads":["p"],"writes":["x"],"work":12.5}],
              "edges":[],"diagnostics":[{"id":"SPL010","severity":"warning","line":3,"message":"m"}]},
             "variableBytes":{"p":7},"defaultVariableBytes":9,"returnBytes":11,
             "preferencePenalty":0.5,"origin":"A",
             "regions":[{"name":"A","pricePerGbSecond":1,"pricePerInvocation":2,"speed":3,"maxMemoryMb":4,"availableInstances":5,"dispatchLatencyMs":6}],
             "network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":7},
             "objective":{"latencyWeight":0.25,"deadlineMs":null}}
            """;
        var request = JsonSerializer.Deserialize(json, PlanningJsonContext.Default.PlanRequest)!;

        Assert.Equal(12.5, request.Graph.Segments[0].Work);
        Assert.True(request.Graph.Annotations!.GeoPreference!.Strict);
        Assert.Equal(512, request.Graph.Annotations.ResourceConstraint!.MemoryMb);
        Assert.Equal(7, request.VariableBytes!["p"]);
        Assert.Equal(6, request.Regions![0].DispatchLatencyMs);
        Assert.Equal(0.25, request.Objective!.LatencyWeight);
        Assert.Null(request.Objective.DeadlineMs);
        Assert.Null(request.MemoryMb);

        // The annotation's memory (512 MB) applies when the request gives none: region A (4 MB) cannot host it.
        var ex = Assert.Throws<PlanningException>(() => Planner.Plan(request));
        Assert.Contains("memoryMb is 512", ex.Message, StringComparison.Ordinal);
    }
}
