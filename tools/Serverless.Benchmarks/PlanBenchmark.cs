using System.Diagnostics;
using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Benchmarks;

/// <summary>
/// `serverless bench plan`: the heuristic against the exact solver on random small instances (objective ratio,
/// mean and worst, and time ratio), and planning time on random DAGs of 100, 1,000 and 10,000 segments over 8
/// regions against the best-baseline evaluation measured in the same run.
/// </summary>
public sealed class PlanBenchmark : IBenchmark
{
    public string Name => "plan";

    public string Description => "planner: heuristic vs exact objective on small instances; planning time on large DAGs";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Out;
        var instances = context.Quick ? 20 : 200;
        var rng = new Random(20251130);
        var ratios = new List<double>();
        double exactMs = 0, heuristicMs = 0;
        var sw = new Stopwatch();
        for (var i = 0; i < instances; i++)
        {
            var request = RandomRequest(rng, 8 + rng.Next(3), 3);
            sw.Restart();
            var exact = Planner.Plan(request, PlanAlgorithms.Exact);
            exactMs += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var heuristic = Planner.Plan(request, PlanAlgorithms.Heuristic);
            heuristicMs += sw.Elapsed.TotalMilliseconds;
            ratios.Add(exact.Objective > 0 ? heuristic.Objective / exact.Objective : 1);
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"small instances: {instances} random DAGs of 8-10 segments, 3 regions")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  objective heuristic/exact: mean {ratios.Average():0.00000}  worst {ratios.Max():0.00000}  (1 = optimal); exact found by the heuristic in {ratios.Count(r => r <= 1 + 1e-9)}/{instances}")).ConfigureAwait(false);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  time per instance: exact {exactMs / instances:0.0} ms, heuristic {heuristicMs / instances:0.0} ms (heuristic/exact {heuristicMs / exactMs:0.000})")).ConfigureAwait(false);

        await o.WriteLineAsync("large DAGs, 8 regions (baseline: pricing the two baselines, all-in-one per region and each-alone):").ConfigureAwait(false);
        await o.WriteLineAsync("  segments  edges    algorithm   plan ms   baseline ms  ratio   objective vs best baseline").ConfigureAwait(false);
        foreach (var n in context.Quick ? new[] { 100, 1000 } : new[] { 100, 1000, 10_000 })
        {
            var request = RandomRequest(new Random(n), n, 8);
            Planner.Plan(request); // warm-up (JIT)
            sw.Restart();
            var plan = Planner.Plan(request);
            var planMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var baseline = BestBaseline(request);
            var baselineMs = sw.Elapsed.TotalMilliseconds;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {n,8}  {request.Graph.Edges.Count,6}   {plan.Algorithm,-10} {planMs,8:0.0}   {baselineMs,9:0.0}  {planMs / baselineMs,6:0.0}x  {plan.Objective / baseline:0.0000}")).ConfigureAwait(false);
        }
    }

    private static double BestBaseline(PlanRequest request)
    {
        var n = request.Graph.Segments.Count;
        var all = Enumerable.Range(0, n).ToList();
        var best = double.PositiveInfinity;
        foreach (var region in request.Regions!)
        {
            var e = CostModel.Evaluate(request, [(all, region.Name)]);
            if (e.IsFeasible)
            {
                best = Math.Min(best, e.Plan.Objective);
            }
        }

        var memoryGb = (request.MemoryMb ?? 1024) / 1024.0;
        var alone = Enumerable.Range(0, n).Select(s => ((IReadOnlyList<int>)[s], request.Regions!
            .MinBy(r => (r.PricePerGbSecond * memoryGb * request.Graph.Segments[s].Work / r.Speed / 1000) + r.PricePerInvocation)!.Name)).ToList();
        var each = CostModel.Evaluate(request, alone);
        return each.IsFeasible ? Math.Min(best, each.Plan.Objective) : best;
    }

    /// <summary>A random DAG shaped like the analysis output (data edges to the last writer) and random regions.</summary>
    public static PlanRequest RandomRequest(Random rng, int n, int regionCount)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var known = new List<string> { "a", "b", "c" };
        var lastWriter = new Dictionary<string, int>();
        var segments = new List<GraphSegment>();
        var edges = new List<GraphEdge>();
        for (var s = 0; s < n; s++)
        {
            // Reads favour recent variables, so graphs are deep and wide at once.
            var reads = new SortedSet<string>(StringComparer.Ordinal);
            var count = rng.Next(4);
            for (var i = 0; i < count; i++)
            {
                var window = Math.Min(known.Count, 12);
                reads.Add(known[known.Count - 1 - rng.Next(window)]);
            }

            var writes = rng.Next(5) > 0 ? new[] { "v" + s.ToString(CultureInfo.InvariantCulture) } : [];
            foreach (var group in reads.Where(lastWriter.ContainsKey).GroupBy(v => lastWriter[v]))
            {
                edges.Add(new GraphEdge(group.Key, s, "data", group.Order(StringComparer.Ordinal).ToList()));
            }

            foreach (var v in writes)
            {
                lastWriter[v] = s;
                known.Add(v);
            }

            segments.Add(new GraphSegment(s, [.. reads], writes, rng.Next(1, 2000), s + 1, s + 1));
        }

        var names = Enumerable.Range(0, regionCount).Select(i => "region" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var regions = names.Select(name => new RegionSpec(name, 0.00001 * (0.5 + rng.NextDouble()), 0.0000002 * (1 + rng.Next(5)),
            0.5 + (rng.NextDouble() * 1.5), 8192, 10, 5 + rng.Next(60))).ToList();
        var latency = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var egress = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        for (var i = 0; i < names.Count; i++)
        {
            latency[names[i]] = names.Skip(i + 1).ToDictionary(x => x, _ => 5.0 + rng.Next(150));
            egress[names[i]] = names.Skip(i + 1).ToDictionary(x => x, _ => 0.01 * rng.Next(1, 10));
        }

        var sizes = new long[] { 100, 10_000, 1_000_000, 20_000_000 };
        var bytes = segments.SelectMany(s => s.Writes).Concat(["a", "b", "c"]).ToDictionary(v => v, _ => sizes[rng.Next(sizes.Length)]);
        var graph = new FunctionGraph("Bench.F" + n.ToString(CultureInfo.InvariantCulture), segments, edges,
            [new GraphParameter("a", "int"), new GraphParameter("b", "int"), new GraphParameter("c", "int")], "int", new GraphAnnotations(), []);
        return new PlanRequest(graph, bytes, 1024, 10_000, 2048, 600, null, 0, names[0], regions,
            new NetworkSpec(latency, egress, 1000), new PlanObjective(new[] { 0.0001, 0.001, 0.01 }[rng.Next(3)]));
    }
}
