using System.Text.Json;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Planning.Model;

namespace Serverless.Orchestrations.Tests.Contracts;

public sealed class ExecutionPlanBuilderTests
{
    private static readonly string[] Regions = ["westeurope", "northeurope", "eastus"];

    [Fact]
    public void Build_RandomGraphsAndPartitions_InputsComeFromDependenciesOrParameters()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var (graph, parameters) = RandomGraph(random);
            var units = RandomPartition(random, graph);
            var plan = ExecutionPlanBuilder.Build("x", graph, units, null, 512, 30, Regions);
            Assert.Empty(ExecutionPlanValidator.Validate(plan));
            foreach (var unit in plan.Units)
            {
                Assert.All(unit.DependsOn.Concat(unit.ControlDependsOn), d => Assert.True(d < unit.Id, $"seed {seed}: unit {unit.Id} depends on {d}"));
                foreach (var input in unit.Inputs)
                {
                    if (input.ProducerUnit is { } p)
                    {
                        Assert.Contains(p, unit.DependsOn);
                        Assert.Contains(input.Variable, plan.Units[p].Outputs);
                    }
                    else
                    {
                        Assert.Contains(input.Variable, parameters);
                    }
                }
            }
        }
    }

    [Fact]
    public void Build_RandomGraphsAndPartitions_EveryReadIsSatisfiedByTheLastWriter()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var (graph, parameters) = RandomGraph(random);
            var units = RandomPartition(random, graph);
            var plan = ExecutionPlanBuilder.Build("x", graph, units, null, 512, 30, Regions);
            var unitOf = plan.Units.SelectMany(u => u.Segments.Select(s => (s, u.Id))).ToDictionary(x => x.s, x => x.Id);
            foreach (var segment in graph.Segments)
            {
                var unit = plan.Units[unitOf[segment.Id]];
                foreach (var v in segment.Reads)
                {
                    var writer = graph.Segments.Where(s => s.Id < segment.Id && s.Writes.Contains(v)).Select(s => (int?)s.Id).LastOrDefault();
                    if (writer is { } w && unitOf[w] == unit.Id)
                    {
                        continue; // produced inside the unit, in source order
                    }

                    Assert.True(writer is not null || parameters.Contains(v), $"seed {seed}: generator read an unwritten local");
                    var expected = writer is { } x ? new UnitInput(v, unitOf[x]) { ProducerSegment = x } : new UnitInput(v, null);
                    Assert.Contains(expected, unit.Inputs);
                    if (writer is { } producer)
                    {
                        // The producing unit hands the value on as that segment leaves it.
                        Assert.Contains(new UnitOutput(v, producer), plan.Units[unitOf[producer]].SegmentOutputs ?? []);
                    }
                }
            }
        }
    }

    [Fact]
    public void Build_RandomGraphsAndPartitions_OutputsAreExactlyWhatOtherUnitsRead()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            var (graph, _) = RandomGraph(random);
            var units = RandomPartition(random, graph);
            var plan = ExecutionPlanBuilder.Build("x", graph, units, null, 512, 30, Regions);
            foreach (var unit in plan.Units)
            {
                var read = plan.Units.Where(u => u.Id != unit.Id).SelectMany(u => u.Inputs).Where(i => i.ProducerUnit == unit.Id).Select(i => i.Variable).ToHashSet();
                Assert.Equal(read.Order(StringComparer.Ordinal), unit.Outputs);
                var readAfter = plan.Units.Where(u => u.Id != unit.Id).SelectMany(u => u.Inputs).Where(i => i.ProducerUnit == unit.Id).Select(i => new UnitOutput(i.Variable, i.ProducerSegment!.Value)).ToHashSet();
                Assert.Equal(readAfter.OrderBy(o => o.Segment).ThenBy(o => o.Variable, StringComparer.Ordinal), unit.SegmentOutputs ?? []);
            }
        }
    }

    [Fact]
    public void Build_RandomGraphsAndPartitions_KeepsRegionsSegmentsResourcesAndFallbacks()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var (graph, _) = RandomGraph(random);
            var units = RandomPartition(random, graph);
            var memory = random.Next(128, 4096);
            var plan = ExecutionPlanBuilder.Build("x" + seed, graph, units, null, memory, 7, Regions);
            Assert.Equal(units.Count, plan.Units.Count);
            for (var i = 0; i < units.Count; i++)
            {
                Assert.Equal(units[i].Segments.Order(), plan.Units[i].Segments);
                Assert.Equal(units[i].Region, plan.Units[i].Region);
                Assert.Equal(memory, plan.Units[i].MemoryMb);
                Assert.Equal(7, plan.Units[i].TimeoutSeconds);
                Assert.DoesNotContain(units[i].Region, plan.Units[i].FallbackRegions);
                Assert.All(plan.Units[i].FallbackRegions, r => Assert.Contains(units, u => u.Region == r));
            }
        }
    }

    [Fact]
    public void Build_ReturningSegment_GivesControlDependencies()
    {
        var graph = new FunctionGraph(
            "F",
            [new GraphSegment(0, ["a"], [], 1), new GraphSegment(1, ["a"], ["b"], 1), new GraphSegment(2, ["b"], [], 1)],
            [new GraphEdge(0, 1, "control"), new GraphEdge(0, 2, "control"), new GraphEdge(1, 2, "data", ["b"])],
            [new GraphParameter("a", "int")]);
        var plan = ExecutionPlanBuilder.Build("x", graph, [new([0], "westeurope"), new([1], "eastus"), new([2], "westeurope")], null, 512, 30, Regions);
        Assert.Equal([0], plan.Units[1].ControlDependsOn);
        Assert.Equal([1], plan.Units[2].DependsOn);
        Assert.Equal([0], plan.Units[2].ControlDependsOn);
        Assert.Equal([new UnitInput("a", null)], plan.Units[1].Inputs);
        Assert.Equal(["eastus"], plan.Units[0].FallbackRegions);
    }

    [Fact]
    public void Build_ReturningSegmentWhoseOutputIsRead_StillGivesControlDependency()
    {
        // Segment 0 may return before it writes b: unit 1 reads b from it, and must be skipped after that return
        // instead of running without b.
        var graph = new FunctionGraph(
            "F",
            [new GraphSegment(0, ["a"], ["b"], 1), new GraphSegment(1, ["b"], [], 1)],
            [new GraphEdge(0, 1, "control"), new GraphEdge(0, 1, "data", ["b"])],
            [new GraphParameter("a", "int")]);
        var plan = ExecutionPlanBuilder.Build("x", graph, [new([0], "westeurope"), new([1], "eastus")], null, 512, 30, Regions);
        Assert.Equal([0], plan.Units[1].DependsOn);
        Assert.Equal([0], plan.Units[1].ControlDependsOn);
        Assert.Equal([new UnitInput("b", 0) { ProducerSegment = 0 }], plan.Units[1].Inputs);
        Assert.Equal([new UnitOutput("b", 0)], plan.Units[0].SegmentOutputs!);
    }

    [Fact]
    public void Build_UnitsOutOfTopologicalOrder_ThrowsNamingTheUnits()
    {
        var graph = new FunctionGraph("F", [new GraphSegment(0, [], ["b"], 1), new GraphSegment(1, ["b"], [], 1)], [new GraphEdge(0, 1, "data", ["b"])]);
        var ex = Assert.Throws<ArgumentException>(() => ExecutionPlanBuilder.Build("x", graph, [new([1], "a"), new([0], "a")], null, 512, 30));
        Assert.Contains("topological", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SegmentMissingOrDuplicated_Throws()
    {
        var graph = new FunctionGraph("F", [new GraphSegment(0, [], [], 1), new GraphSegment(1, [], [], 1)], []);
        Assert.Contains("segment 1 is in no unit", Assert.Throws<ArgumentException>(() => ExecutionPlanBuilder.Build("x", graph, [new([0], "a")], null, 512, 30)).Message, StringComparison.Ordinal);
        Assert.Contains("segment 0 is in unit 0 and unit 1", Assert.Throws<ArgumentException>(() => ExecutionPlanBuilder.Build("x", graph, [new([0, 1], "a"), new([0], "a")], null, 512, 30)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeasuredCost_RandomRuns_TotalIsComputePlusTransferAndNonNegative()
    {
        var environment = PlanEnvironment.Default;
        for (var seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var (graph, parameters) = RandomGraph(random);
            var units = RandomPartition(random, graph);
            var arguments = parameters.ToDictionary(p => p, p => JsonSerializer.SerializeToElement(new string('x', random.Next(0, 50))));
            var plan = ExecutionPlanBuilder.Build("x", graph, units, arguments, 1024, 30, Regions);
            var runs = plan.Units.Select(u => new UnitRun
            {
                Id = u.Id,
                Segments = u.Segments,
                Region = u.Region,
                Attempts = 1,
                DurationMs = random.NextDouble() * 100,
                OutputBytes = u.Outputs.ToDictionary(o => o, _ => random.Next(1, 100_000)),
            }).ToList();
            var result = new ExecutionResult { ExecutionId = "x", Units = runs, ReturnedBy = runs.Count - 1, Result = JsonSerializer.SerializeToElement(42) };
            var cost = ExecutionPlanBuilder.MeasuredCost(plan, result, environment);
            var invocations = runs.Sum(r => environment.Regions.First(s => s.Name == r.Region).PricePerInvocation);
            Assert.True(cost.Compute >= invocations - 1e-15);
            Assert.True(cost.Transfer >= 0);
            Assert.Equal(cost.Compute + cost.Transfer, cost.Total, 12);
            var crossRegion = plan.Units.Any(u => u.Inputs.Any(i => i.ProducerUnit is { } p && plan.Units[p].Region != u.Region))
                || plan.Units.Any(u => u.Inputs.Any(i => i.ProducerUnit is null && u.Region != environment.Origin && arguments[i.Variable].GetRawText().Length > 0))
                || runs[^1].Region != environment.Origin;
            Assert.Equal(crossRegion, cost.Transfer > 0);
        }
    }

    /// <summary>A sample-like graph: parameters, locals written then read, occasional early returns; edges per the contract.</summary>
    private static (FunctionGraph Graph, HashSet<string> Parameters) RandomGraph(Random random)
    {
        var n = random.Next(1, 12);
        var parameters = Enumerable.Range(0, random.Next(0, 4)).Select(i => "p" + i).ToList();
        var locals = Enumerable.Range(0, random.Next(1, 6)).Select(i => "v" + i).ToList();
        var written = new HashSet<string>(parameters);
        var segments = new List<GraphSegment>();
        for (var s = 0; s < n; s++)
        {
            var reads = written.Where(_ => random.Next(3) == 0).Order(StringComparer.Ordinal).ToList();
            var writes = locals.Concat(parameters).Where(_ => random.Next(4) == 0).Order(StringComparer.Ordinal).ToList();
            written.UnionWith(writes);
            segments.Add(new GraphSegment(s, reads, writes, random.Next(1, 50)));
        }

        var edges = new List<GraphEdge>();
        for (var j = 0; j < n; j++)
        {
            var byWriter = segments[j].Reads
                .Select(v => (v, w: segments.Take(j).LastOrDefault(s => s.Writes.Contains(v))?.Id))
                .Where(x => x.w is not null)
                .GroupBy(x => x.w!.Value);
            foreach (var g in byWriter.OrderBy(g => g.Key))
            {
                edges.Add(new GraphEdge(g.Key, j, "data", [.. g.Select(x => x.v).Order(StringComparer.Ordinal)]));
            }
        }

        for (var i = 0; i < n - 1; i++)
        {
            if (random.Next(5) == 0)
            {
                for (var j = i + 1; j < n; j++)
                {
                    edges.Add(new GraphEdge(i, j, "control"));
                }
            }
        }

        var graph = new FunctionGraph("Samples.F", segments, edges, [.. parameters.Select(p => new GraphParameter(p, "int"))]);
        return (graph, [.. parameters]);
    }

    /// <summary>A random partition whose quotient graph is acyclic, numbered topologically; contiguous when the labels make a cycle.</summary>
    private static List<UnitPlacement> RandomPartition(Random random, FunctionGraph graph)
    {
        var n = graph.Segments.Count;
        var k = random.Next(1, n + 1);
        var label = Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray();
        var groups = Enumerable.Range(0, n).GroupBy(s => label[s]).Select(g => g.ToList()).ToList();
        var groupOf = new int[n];
        for (var g = 0; g < groups.Count; g++)
        {
            groups[g].ForEach(s => groupOf[s] = g);
        }

        var arcs = graph.Edges.Select(e => (groupOf[e.From], groupOf[e.To])).Where(a => a.Item1 != a.Item2).Distinct().ToList();
        var order = new List<int>();
        var indegree = new int[groups.Count];
        arcs.ForEach(a => indegree[a.Item2]++);
        var ready = new SortedSet<int>(Enumerable.Range(0, groups.Count).Where(g => indegree[g] == 0));
        while (ready.Count > 0)
        {
            var g = ready.Min;
            ready.Remove(g);
            order.Add(g);
            foreach (var a in arcs.Where(a => a.Item1 == g))
            {
                if (--indegree[a.Item2] == 0)
                {
                    ready.Add(a.Item2);
                }
            }
        }

        if (order.Count < groups.Count)
        {
            // Cyclic labels: contiguous chunks in source order are always valid.
            var cuts = Enumerable.Range(1, n - 1).Where(_ => random.Next(3) == 0).Prepend(0).Append(n).ToList();
            return [.. cuts.Zip(cuts.Skip(1)).Select(c => new UnitPlacement([.. Enumerable.Range(c.First, c.Second - c.First)], Regions[random.Next(Regions.Length)]))];
        }

        return [.. order.Select(g => new UnitPlacement(groups[g], Regions[random.Next(Regions.Length)]))];
    }
}
