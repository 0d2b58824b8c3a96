using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Orchestrations.Tests.Contracts;

/// <summary>What the builder copies from the planner for the auction: environment, latency weight, unit work and input sizes.</summary>
public sealed class ExecutionPlanBuilderPricingTests
{
    private static FunctionGraph Chain(Random random, int n, out Dictionary<string, long> sizes)
    {
        sizes = [];
        var segments = new List<GraphSegment>();
        var edges = new List<GraphEdge>();
        for (var i = 0; i < n; i++)
        {
            var reads = i == 0 ? new[] { "x" } : [$"v{i - 1}"];
            segments.Add(new GraphSegment(i, reads, [$"v{i}"], random.Next(1, 500)));
            if (i > 0)
            {
                edges.Add(new GraphEdge(i - 1, i, "data", [$"v{i - 1}"]));
            }

            if (random.Next(2) == 0)
            {
                sizes[$"v{i}"] = random.Next(0, 1_000_000);
            }
        }

        return new FunctionGraph("F.G.H", segments, edges, [new GraphParameter("x", "int")]);
    }

    [Fact]
    public void Build_SegmentsWithDataReads_EachUnitCarriesItsSegmentsReadsSummedPerRegion()
    {
        var graph = new FunctionGraph("F.G.H",
            [
                new GraphSegment(0, [], ["a"], 1, DataReads: [new Serverless.Contracts.Manifest.DataRead("northeurope", 200), new Serverless.Contracts.Manifest.DataRead("eastus", 7)]),
                new GraphSegment(1, ["a"], ["b"], 1, DataReads: [new Serverless.Contracts.Manifest.DataRead("northeurope", 50)]),
                new GraphSegment(2, ["b"], [], 1),
            ],
            [new GraphEdge(0, 1, "data", ["a"]), new GraphEdge(1, 2, "data", ["b"])]);

        var plan = ExecutionPlanBuilder.Build("e", graph, [new([0, 1], "westeurope"), new([2], "eastus")], null, 512, 30);

        Assert.Equal([new("eastus", 7), new("northeurope", 250)], plan.Units[0].DataReads!);
        Assert.Null(plan.Units[1].DataReads);
        var json = System.Text.Json.JsonSerializer.Serialize(plan.Units[1]);
        Assert.DoesNotContain("dataReads", json, StringComparison.OrdinalIgnoreCase);
        var back = System.Text.Json.JsonSerializer.Deserialize<PlanUnit>(System.Text.Json.JsonSerializer.Serialize(plan.Units[0]))!;
        Assert.Equal(plan.Units[0].DataReads, back.DataReads);
    }

    [Fact]
    public void Build_WithPricing_CarriesEnvironmentWeightWorkAndInputSizes()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var graph = Chain(random, random.Next(1, 8), out var sizes);
            var cut = random.Next(1, graph.Segments.Count + 1);
            UnitPlacement[] units = cut == graph.Segments.Count
                ? [new([.. Enumerable.Range(0, cut)], "westeurope")]
                : [new([.. Enumerable.Range(0, cut)], "westeurope"), new([.. Enumerable.Range(cut, graph.Segments.Count - cut)], "eastus")];
            var weight = random.NextDouble();
            var fallback = random.Next(1, 5000);

            var plan = ExecutionPlanBuilder.Build("e", graph, units, null, 512, 30, null, new AuctionPricing(PlanEnvironment.Default, weight, sizes, fallback));

            Assert.Same(PlanEnvironment.Default, plan.Environment);
            Assert.Equal(weight, plan.LatencyWeight);
            foreach (var unit in plan.Units)
            {
                Assert.Equal(unit.Segments.Sum(s => graph.Segments[s].Work), unit.EstimatedWorkMs, 9);
                Assert.Equal(unit.Inputs.Select(i => i.Variable).Order(), unit.InputBytes.Keys.Order());
                Assert.All(unit.InputBytes, p => Assert.Equal(sizes.TryGetValue(p.Key, out var b) ? b : fallback, p.Value));
            }
        }
    }

    [Fact]
    public void Build_FromPlannerRequestAndPlan_UsesTheRequestsEnvironmentAndObjective()
    {
        var graph = Chain(new Random(1), 4, out var sizes);
        var request = new PlanRequest(graph, VariableBytes: sizes, Objective: new PlanObjective(0.25));
        var planned = Planner.Plan(request);

        var plan = ExecutionPlanBuilder.Build("e", request, planned, null);

        Assert.Equal(PlanEnvironment.Default.Origin, plan.Environment!.Origin);
        Assert.Equal(0.25, plan.LatencyWeight);
        Assert.Equal(planned.Units.OrderBy(u => u.Id).Select(u => u.Region), plan.Units.Select(u => u.Region));
        Assert.Equal(PlanRequest.DefaultMemoryMb, plan.Units[0].MemoryMb);
        Assert.Contains("x", plan.Units[0].InputBytes.Keys);
    }

    [Fact]
    public void Build_WithoutPricing_NoEnvironmentAndNoSizes()
    {
        var graph = Chain(new Random(2), 3, out _);

        var plan = ExecutionPlanBuilder.Build("e", graph, [new([0, 1, 2], "westeurope")], null, 512, 30);

        Assert.Null(plan.Environment);
        Assert.Empty(plan.Units[0].InputBytes);
        Assert.Equal(graph.Segments.Sum(s => s.Work), plan.Units[0].EstimatedWorkMs, 9);
    }
}
