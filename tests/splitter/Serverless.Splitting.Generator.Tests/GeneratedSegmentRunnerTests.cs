using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;

namespace Serverless.Splitting.Generator.Tests;

public sealed class GeneratedSegmentRunnerTests
{
    private static readonly FunctionCatalogue Catalogue = FunctionCatalogue.FromAssemblies(typeof(DocumentPipeline).Assembly);

    /// <summary>A minimal engine: units of consecutive segments run in source order, variables passed as JSON by name.</summary>
    private static async Task<Outcome> RunInChunksAsync(GeneratedSegmentRunner runner, CatalogueEntry entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, int chunk)
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
