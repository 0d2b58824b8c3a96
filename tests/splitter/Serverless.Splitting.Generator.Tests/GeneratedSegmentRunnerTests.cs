using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;

namespace Serverless.Splitting.Generator.Tests;

public sealed class GeneratedSegmentRunnerTests
{
    private static readonly SplitFunctionRegistry Catalogue = SplitFunctionRegistry.FromAssemblies(typeof(DocumentPipeline).Assembly);

    /// <summary>A minimal engine: units of consecutive segments run in source order, variables passed as JSON by name.</summary>
    private static async Task<Outcome> RunInChunksAsync(GeneratedSegmentRunner runner, RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, int chunk)
    {
        var latest = new Dictionary<string, ReadOnlyMemory<byte>>(arguments);
        var n = entry.Graph.Segments.Count;
        try
        {
            for (var start = 0; start < n; start += chunk)
            {
                var segments = Enumerable.Range(start, Math.Min(chunk, n - start)).ToList();
                var reads = segments.SelectMany(s => entry.Graph.Segments[s].Reads).Distinct().Where(latest.ContainsKey);
                var writes = segments.SelectMany(s => entry.Graph.Segments[s].Writes).Distinct().ToList();
                var result = await runner.RunAsync(new UnitRunRequest(entry.Id, segments, reads.ToDictionary(v => v, v => latest[v]), writes));
                foreach (var (name, json) in result.Outputs)
                {
                    latest[name] = json;
                }

                if (result.Returned)
                {
                    return new Outcome(result.ReturnValue is { } r ? System.Text.Encoding.UTF8.GetString(r.Span) : null, null, null);
                }
            }

            return new Outcome(null, null, null);
        }
        catch (Exception ex)
        {
            return new Outcome(null, ex.GetType().FullName, ex.Message);
        }
    }

    [Fact]
    public async Task RunAsync_SamplesInConsecutiveUnits_EqualsDirectCall()
    {
        var runner = new GeneratedSegmentRunner(Catalogue);
        var random = new Random(42);
        foreach (var entry in Catalogue.All)
        {
            foreach (var json in SampleArguments.For(entry.Id, random, count: 4))
            {
                var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(json));
                var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                for (var chunk = 1; chunk <= entry.Graph.Segments.Count; chunk++)
                {
                    var split = await RunInChunksAsync(runner, entry, arguments, chunk);
                    if (direct.ExceptionType is null)
                    {
                        Assert.True(direct == split, $"{entry.Id} {json} chunk {chunk}: {direct} vs {split}");
                    }
                    else
                    {
                        // In source order the first throwing segment is the direct call's.
                        Assert.Equal((direct.ExceptionType, direct.ExceptionMessage), (split.ExceptionType, split.ExceptionMessage));
                    }
                }
            }
        }
    }

    /// <summary>
    /// A sequential engine over any valid split: units in topological order, each unit's inputs are the values of
    /// their producing units, by name. Splits where one name would need two different values in one unit are skipped
    /// (the by-name contract of <see cref="UnitRunRequest"/> cannot express them); null when skipped.
    /// </summary>
    private static async Task<Outcome?> RunSplitAsync(GeneratedSegmentRunner runner, RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, IReadOnlyList<IReadOnlyList<int>> units)
    {
        var graph = entry.Graph;
        var unitOf = SplitUnits.UnitOfSegment(graph.Segments.Count, units);
        var deps = SplitUnits.Dependencies(graph, units);
        var produced = new Dictionary<(string, int), ReadOnlyMemory<byte>>();
        var done = new HashSet<int>();
        var terminal = new SortedDictionary<int, Outcome>();
        while (done.Count < units.Count)
        {
            var u = Enumerable.Range(0, units.Count).First(x => !done.Contains(x) && deps[x].All(done.Contains));
            done.Add(u);
            var inputs = new Dictionary<string, ReadOnlyMemory<byte>>();
            foreach (var s in units[u])
            {
                foreach (var v in graph.Segments[s].Reads)
                {
                    var p = graph.Producer(s, v);
                    if (p is { } q && unitOf[q] == u)
                    {
                        continue;
                    }

                    var value = p is { } q2 ? produced.GetValueOrDefault((v, q2)) : arguments.GetValueOrDefault(v);
                    if (inputs.TryGetValue(v, out var existing) && !existing.Span.SequenceEqual(value.Span))
                    {
                        return null;
                    }

                    inputs[v] = value;
                }
            }

            var outputs = units[u].SelectMany(s => graph.Segments[s].Writes).Distinct().ToList();
            var writers = outputs.ToDictionary(v => v, v => units[u].Where(s => graph.Segments[s].Writes.Contains(v)).ToList());
            if (writers.Values.Any(w => w.Count > 1 && graph.Edges.Any(e => e.Kind == "data" && w.SkipLast(1).Contains(e.From) && unitOf[e.To] != u)))
            {
                return null;
            }

            try
            {
                var result = await runner.RunAsync(new UnitRunRequest(entry.Id, units[u], inputs, outputs));
                foreach (var (v, json) in result.Outputs)
                {
                    produced[(v, writers[v][^1])] = json;
                }

                if (result.Returned)
                {
                    return new Outcome(result.ReturnValue is { } r ? System.Text.Encoding.UTF8.GetString(r.Span) : null, null, null);
                }
            }
            catch (Exception ex)
            {
                // Sequential and topological: with no speculation the first failure is a segment before any return.
                return new Outcome(null, ex.GetType().FullName, ex.Message);
            }
        }

        return new Outcome(null, null, null);
    }

    [Fact]
    public async Task RunAsync_SamplesInAnyValidSplit_EqualsDirectCall()
    {
        var runner = new GeneratedSegmentRunner(Catalogue);
        var random = new Random(4242);
        var compared = 0;
        foreach (var entry in Catalogue.All)
        {
            foreach (var json in SampleArguments.For(entry.Id, random, count: 2))
            {
                var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(json));
                var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                if (direct.ExceptionType is not null)
                {
                    continue;
                }

                foreach (var units in Splits.Valid(entry.Graph, randomCount: 30, seed: 9))
                {
                    if (await RunSplitAsync(runner, entry, arguments, units) is { } split)
                    {
                        Assert.True(direct == split, $"{entry.Id} {json} {string.Join(" ", units.Select(u => "[" + string.Join(",", u) + "]"))}: {direct} vs {split}");
                        compared++;
                    }
                }
            }
        }

        Assert.True(compared > 100, $"only {compared} splits compared");
    }

    [Fact]
    public async Task RunAsync_UnknownFunction_ThrowsNamingKnownOnes()
    {
        var runner = new GeneratedSegmentRunner(Catalogue);
        var ex = await Assert.ThrowsAsync<UnknownFunctionException>(() => runner.RunAsync(new UnitRunRequest("Nope.F", [0], new Dictionary<string, ReadOnlyMemory<byte>>(), [])));
        Assert.Contains("Serverless.Samples.LoanSchedule.Amortize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingInput_ThrowsNamingVariable()
    {
        var runner = new GeneratedSegmentRunner(Catalogue);
        var ex = await Assert.ThrowsAsync<Serverless.Annotations.Runtime.SplitVariableMissingException>(
            () => runner.RunAsync(new UnitRunRequest("Serverless.Samples.LoanSchedule.Amortize", [0], new Dictionary<string, ReadOnlyMemory<byte>>(), [])));
        Assert.Equal("months", ex.Variable);
    }
}
