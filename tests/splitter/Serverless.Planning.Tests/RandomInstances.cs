using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Tests;

/// <summary>Random but contract-shaped requests: data edges follow the "last writer before" rule of the design.</summary>
public static class RandomInstances
{
    public sealed record Options(int Regions = 3, bool Constraints = true, double ChainProbability = 0.15, bool ForceChain = false, double DataReadProbability = 0.3);

    public static PlanRequest Create(Random rng, int segments, Options? options = null)
    {
        options ??= new Options();
        var graph = Graph(rng, segments, options.ForceChain || rng.NextDouble() < options.ChainProbability);
        var regionNames = Enumerable.Range(0, options.Regions).Select(i => "r" + i).ToList();
        var regions = regionNames.Select(name => new RegionSpec(
            name,
            PricePerGbSecond: 0.00001 * (0.5 + rng.NextDouble()),
            PricePerInvocation: 0.0000002 * (1 + rng.Next(5)),
            Speed: 0.5 + (rng.NextDouble() * 1.5),
            MaxMemoryMb: rng.Next(4) == 0 ? 1024 : 8192,
            AvailableInstances: options.Constraints && rng.Next(8) == 0 ? 0 : 5,
            DispatchLatencyMs: 5 + rng.Next(60))).ToList();
        if (regions.All(r => r.AvailableInstances == 0 || r.MaxMemoryMb < 2048))
        {
            regions[0] = regions[0] with { AvailableInstances = 5, MaxMemoryMb = 8192 };
        }

        var originIsRegion = rng.Next(3) > 0;
        var origin = originIsRegion ? regionNames[rng.Next(regionNames.Count)] : "client";
        var locations = originIsRegion ? regionNames : [.. regionNames, origin];
        var latency = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var egress = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        for (var i = 0; i < locations.Count; i++)
        {
            var lat = new Dictionary<string, double>();
            var egr = new Dictionary<string, double>();
            for (var j = i + 1; j < locations.Count; j++)
            {
                lat[locations[j]] = 5 + rng.Next(150);
                egr[locations[j]] = 0.01 * rng.Next(1, 10);
            }

            latency[locations[i]] = lat;
            egress[locations[i]] = egr;
        }

        // Sometimes list the reverse direction explicitly with a different value (asymmetric).
        if (rng.Next(4) == 0 && locations.Count > 1)
        {
            ((Dictionary<string, double>)latency[locations[0]]).Remove(locations[1]);
            latency[locations[1]] = new Dictionary<string, double>(latency[locations[1]]) { [locations[0]] = 1 + rng.Next(100) };
        }

        var sizes = new long[] { 0, 100, 10_000, 1_000_000, 20_000_000 };
        var vars = graph.Segments.SelectMany(s => s.Reads.Concat(s.Writes)).Distinct().ToList();
        var variableBytes = vars.Where(_ => rng.Next(3) > 0).ToDictionary(v => v, _ => sizes[rng.Next(sizes.Length)]);
        GeoPreferenceSpec? geo = null;
        if (options.Constraints && rng.Next(4) == 0)
        {
            geo = new GeoPreferenceSpec(regionNames.Where(_ => rng.Next(2) == 0).DefaultIfEmpty(regionNames[0]).ToList(), Strict: rng.Next(2) == 0);
        }

        int? timeout = null;
        if (options.Constraints && rng.Next(4) == 0)
        {
            var maxWork = graph.Segments.Max(s => s.Work);
            timeout = (int)Math.Ceiling(Math.Max(1, maxWork * 1.2 / 1000) + rng.Next(3));
        }

        double? deadline = options.Constraints && rng.Next(5) == 0 ? 500 + rng.Next(5000) : null;
        var weights = new[] { 0.0, 0.00001, 0.0001, 0.001, 0.01 };

        // Sometimes segments read data where it lives: from a region or the origin, one or two places each.
        if (rng.NextDouble() < options.DataReadProbability)
        {
            var dataSizes = new long[] { 0, 1_000, 5_000_000, 200_000_000 };
            graph = graph with
            {
                Segments = [.. graph.Segments.Select(s => rng.Next(3) > 0 ? s : s with
                {
                    DataReads = [.. locations.OrderBy(_ => rng.Next()).Take(rng.Next(1, 3)).Order(StringComparer.Ordinal)
                        .Select(l => new Serverless.Contracts.Manifest.DataRead(l, dataSizes[rng.Next(dataSizes.Length)]))],
                })],
            };
        }

        return new PlanRequest(
            graph,
            VariableBytes: variableBytes,
            DefaultVariableBytes: sizes[rng.Next(sizes.Length)],
            ReturnBytes: sizes[rng.Next(sizes.Length)],
            MemoryMb: 2048,
            TimeoutSeconds: timeout ?? 600,
            GeoPreference: geo,
            PreferencePenalty: 0.00001 * rng.Next(5),
            Origin: origin,
            Regions: regions,
            Network: new NetworkSpec(latency, egress, BandwidthMbps: 100 + rng.Next(1000)),
            Objective: new PlanObjective(weights[rng.Next(weights.Length)], deadline));
    }

    /// <summary>A graph shaped like the analysis output: reads, writes, data edges to the last writer, some control edges.</summary>
    public static FunctionGraph Graph(Random rng, int n, bool chain)
    {
        var parameters = new[] { "a", "b", "c" };
        var known = new List<string>(parameters);
        var segments = new List<GraphSegment>();
        var lastWriter = new Dictionary<string, int>();
        var edges = new List<GraphEdge>();
        var returnsEarly = new List<int>();
        for (var s = 0; s < n; s++)
        {
            List<string> reads;
            List<string> writes;
            if (chain)
            {
                reads = s == 0 ? ["a"] : ["v" + (s - 1)];
                writes = ["v" + s];
            }
            else
            {
                reads = known.Where(_ => rng.Next(3) == 0).Take(3).ToList();
                writes = [];
                if (rng.Next(4) > 0)
                {
                    writes.Add("v" + s);
                }

                if (s > 0 && rng.Next(5) == 0)
                {
                    writes.Add(known[rng.Next(known.Count)]);
                }

                writes = writes.Distinct().ToList();
            }

            var incoming = new Dictionary<int, SortedSet<string>>();
            foreach (var v in reads)
            {
                if (lastWriter.TryGetValue(v, out var w))
                {
                    (incoming.TryGetValue(w, out var set) ? set : incoming[w] = new SortedSet<string>(StringComparer.Ordinal)).Add(v);
                }
            }

            foreach (var (from, set) in incoming)
            {
                edges.Add(new GraphEdge(from, s, "data", set.ToList()));
            }

            foreach (var r in returnsEarly)
            {
                edges.Add(new GraphEdge(r, s, "control", []));
            }

            foreach (var v in writes)
            {
                lastWriter[v] = s;
                if (!known.Contains(v))
                {
                    known.Add(v);
                }
            }

            if (!chain && s < n - 1 && rng.Next(12) == 0)
            {
                returnsEarly.Add(s);
            }

            segments.Add(new GraphSegment(s, reads.Order(StringComparer.Ordinal).ToList(), writes.Order(StringComparer.Ordinal).ToList(), Work: rng.Next(5) == 0 ? 0 : rng.Next(1, 3000), StartLine: 10 + s, EndLine: 10 + s));
        }

        var ordered = edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
        var diagnostics = new List<GraphDiagnostic>();
        return new FunctionGraph("Tests.Random.F" + n, segments, ordered, parameters.Select(p => new GraphParameter(p, "int")).ToList(), "int", new GraphAnnotations(), diagnostics);
    }
}
