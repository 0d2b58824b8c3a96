using CsCheck;
using Serverless.Api.Adapters;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Api.Tests.Planning;

/// <summary>The planner reads the profiles earlier executions recorded (moving averages of observed durations and sizes, read on the next call).</summary>
public sealed class MeasuredPlanningTests
{
    private static readonly RegistryManifestCatalog Catalog = RegistryManifestCatalog.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly);

    private static SplitGraph Graph(string name) => Catalog.Find(name) ?? throw new InvalidOperationException(name + " is not in the catalogue");

    private static EffectiveAnnotations Splitable => new(true, null, null);

    [Fact]
    public void Request_RandomProfiles_MeasuredValuesReplaceStaticEstimatesOnlyWhereMeasured()
    {
        var graph = Graph("Serverless.Samples.SalesReport.Build");
        var planner = new PlannerPreviewer(PlanEnvironment.Default);
        var variables = graph.Segments.SelectMany(s => s.Writes).Distinct(StringComparer.Ordinal).ToList();
        var gen =
            from work in Gen.Double[0, 1e6].Array[graph.Segments.Count]
            from measuredMask in Gen.Bool.Array[graph.Segments.Count]
            from bytes in Gen.Double[0, 1e8].Array[variables.Count]
            from bytesMask in Gen.Bool.Array[variables.Count]
            select (work, measuredMask, bytes, bytesMask);
        gen.Sample(t =>
        {
            var segments = Enumerable.Range(0, graph.Segments.Count).Where(i => t.measuredMask[i])
                .ToDictionary(i => graph.Segments[i].Id, i => new MovingAverage(3, t.work[i]));
            var sizes = Enumerable.Range(0, variables.Count).Where(i => t.bytesMask[i])
                .ToDictionary(i => variables[i], i => new MovingAverage(2, t.bytes[i]), StringComparer.Ordinal);
            var request = planner.Request(graph, Splitable, new FunctionProfile(graph.Function, segments, sizes));

            for (var i = 0; i < graph.Segments.Count; i++)
            {
                var expected = t.measuredMask[i] ? t.work[i] : graph.Segments[i].Work;
                Assert.Equal(expected, request.Graph.Segments[i].Work);
            }

            foreach (var (variable, average) in sizes)
            {
                Assert.Equal((long)Math.Ceiling(average.Mean), request.VariableBytes![variable]);
            }

            Assert.Equal(sizes.Count, request.VariableBytes?.Count ?? 0);
        }, iter: 200);
    }

    [Fact]
    public void Request_NoProfile_KeepsStaticEstimates()
    {
        var graph = Graph("Serverless.Samples.SalesReport.Build");
        var request = new PlannerPreviewer(PlanEnvironment.Default).Request(graph, Splitable);
        Assert.Equal(graph.Segments.Select(s => s.Work), request.Graph.Segments.Select(s => s.Work));
        Assert.Null(request.VariableBytes);
    }

    [Fact]
    public async Task Plan_AfterAnExecutionRecordedSlowSegments_PlansForTheMeasuredWork()
    {
        var graph = Graph("Serverless.Samples.SalesReport.Build");
        var store = new InMemoryStateStore();
        var profiles = new StoredMeasuredProfiles(store);
        var planner = new PlannerPreviewer(PlanEnvironment.Default);
        Assert.Null(await profiles.FindAsync(graph.Function));
        var before = planner.Plan(graph, Splitable, await profiles.FindAsync(graph.Function));

        // What RecordProfilesActivity stores after an execution in which every segment took 20 s.
        const double measuredMs = 20_000;
        var all = graph.Segments.Select(s => s.Id).ToList();
        await new ProfileStore(store).RecordAsync(new ProfileBatch(graph.Function, [new UnitSample(all, measuredMs * all.Count, new Dictionary<string, int>())]));

        var measured = await profiles.FindAsync(graph.Function);
        Assert.NotNull(measured);
        var after = planner.Plan(graph, Splitable, measured);

        // The slowest region runs 20 s of reference work in no less than 20 s / its speed; the static plan was far below.
        var fastest = PlanEnvironment.Default.Regions.Max(r => r.Speed);
        Assert.True(after.MakespanMs >= measuredMs / fastest, $"makespan {after.MakespanMs} ms ignores the measured {measuredMs} ms per segment");
        Assert.True(before.MakespanMs < measuredMs / fastest, $"static makespan {before.MakespanMs} ms");
        Assert.True(after.Cost.Compute > before.Cost.Compute);
    }
}
