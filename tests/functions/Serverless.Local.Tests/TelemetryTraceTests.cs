using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Serverless.Contracts.Plans;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Local.Tests;

/// <summary>Spans are process-wide: the trace tests run alone so that no other test's engine adds spans while they read.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing";
}

/// <summary>
/// "One trace follows a call": a split execution across regions on the embedded engine, with the SDK's in-memory
/// exporter, gives plan → auction, plan → dispatch → unit (one per unit, in its region) → complete, all in one trace.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class TelemetryTraceTests
{
    private const string Function = "Serverless.Samples.LoanSchedule.Amortize";
    private const string Arguments = """{"principal":12000,"annualRatePercent":3.1,"months":12}""";

    [Fact]
    public async Task RunSplitAcrossRegions_InMemoryExporter_OneTraceFromPlanToEveryCompletion()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(SplitterTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        var catalogue = SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.LoanSchedule).Assembly);
        var entry = catalogue.Get(Function);
        var bound = SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(Arguments));
        var environment = PlanEnvironment.Default;
        await using var engine = await EmbeddedEngine.StartAsync(new GeneratedSegmentRunner(catalogue), new EmbeddedEngineOptions { Regions = [.. environment.Regions.Select(r => r.Name)] });

        var plan = await EngineFunctionRunner.PlanAsync(entry, bound, "every", environment, TextWriter.Null);
        var outcome = await engine.RunAsync(plan);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        var units = outcome.Result!.Units;
        Assert.Equal(plan.Units.Count, units.Count);
        Assert.True(units.Select(u => u.Region).Distinct().Count() >= 2, "the run must cross regions");
        Assert.All(units, u => Assert.Equal(1, u.Attempts));

        // The completion span closes after it raised the event, possibly after the orchestration ended.
        var spans = await SpansOfAsync(exported, plan.ExecutionId, s => s.Count(a => a.OperationName == "complete") >= units.Count);
        var root = Assert.Single(spans, s => s.OperationName == "plan");
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(root.Id, plan.TraceParent);
        Assert.All(spans, s => Assert.True(s.TraceId == root.TraceId, $"{s.OperationName} span is in trace {s.TraceId}, the plan in {root.TraceId}"));
        Assert.Equal(["auction", "complete", "dispatch", "plan", "unit"], spans.Select(s => s.OperationName).Distinct().Order());

        var auctions = spans.Where(s => s.OperationName == "auction").ToList();
        var dispatches = spans.Where(s => s.OperationName == "dispatch").ToList();
        Assert.All(auctions, a => Assert.Equal(root.SpanId, a.ParentSpanId));
        Assert.All(dispatches, d => Assert.Equal(root.SpanId, d.ParentSpanId));

        // One auction per dispatched batch (the plan-region market reserves every demand): replays add none.
        Assert.Equal(dispatches.Count, auctions.Count);
        Assert.Equal(units.Count, auctions.Sum(a => (int)a.GetTagItem("splitter.units")!));
        Assert.Equal(units.Count, auctions.Sum(a => (int)a.GetTagItem("splitter.reserved")!));
        Assert.Equal(units.Count, dispatches.Sum(d => (int)d.GetTagItem("splitter.units")!));
        Assert.Equal(units.Select(u => u.Id).Order(), auctions.SelectMany(a => ((string)a.GetTagItem("splitter.unit_ids")!).Split(',').Select(int.Parse)).Order());

        var unitSpans = spans.Where(s => s.OperationName == "unit").ToDictionary(s => (int)s.GetTagItem("splitter.unit")!);
        Assert.Equal(units.Count, spans.Count(s => s.OperationName == "unit"));
        foreach (var run in units)
        {
            var span = unitSpans[run.Id];
            Assert.Equal(run.Region, span.GetTagItem("splitter.region"));
            Assert.Equal(plan.Units.Single(u => u.Id == run.Id).Region, run.Region);
            Assert.Contains(dispatches, d => d.SpanId == span.ParentSpanId);
            var completion = Assert.Single(spans, s => s.OperationName == "complete" && (int)s.GetTagItem("splitter.unit")! == run.Id);
            Assert.Equal(span.SpanId, completion.ParentSpanId);
        }
    }

    [Fact]
    public async Task RunWithInProcessAuction_BidsAndReservationsAreActivities_OneAuctionSpanPerAuctionAcrossItsTurns()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(SplitterTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        var catalogue = SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.LoanSchedule).Assembly);
        var entry = catalogue.Get(Function);
        var environment = PlanEnvironment.Default;
        var regions = environment.Regions.Select(r => r.Name).ToList();
        var market = new InProcessMarket(TimeProvider.System);
        foreach (var region in regions)
        {
            await market.AddInstanceAsync(region, 64 * 1024, 64, 0.0000166667);
        }

        await using var engine = await EmbeddedEngine.StartAsync(
            new GeneratedSegmentRunner(catalogue),
            new EmbeddedEngineOptions { Regions = regions, ConfigureTasks = InProcessComputeMarket.RegisterTasks, ConfigureServices = services => services.AddSingleton(market) },
            market: new InProcessComputeMarket());

        var plan = await EngineFunctionRunner.PlanAsync(entry, SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(Arguments)), "every", environment, TextWriter.Null);
        var outcome = await engine.RunAsync(plan);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        var units = outcome.Result!.Units;
        var spans = await SpansOfAsync(exported, plan.ExecutionId, s => s.Count(a => a.OperationName == "complete") >= units.Count);
        var root = Assert.Single(spans, s => s.OperationName == "plan");
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        var auctions = spans.Where(s => s.OperationName == "auction").ToList();
        var dispatches = spans.Where(s => s.OperationName == "dispatch").ToList();

        // Bids and reservations are activities here, so an auction spans orchestrator turns that are each replayed
        // afterwards: still one span per auction that dispatched a batch, from its bid request to its reservations.
        Assert.Equal(dispatches.Count, auctions.Count(a => (int)a.GetTagItem("splitter.reserved")! > 0));
        Assert.Equal(units.Count, auctions.Sum(a => (int)a.GetTagItem("splitter.reserved")!));
        Assert.All(auctions, a => Assert.Equal(root.SpanId, a.ParentSpanId));
        Assert.All(auctions, a => Assert.True(a.Duration > TimeSpan.FromTicks(1), $"an auction through activities takes more than one tick, got {a.Duration}"));
        Assert.Equal(
            units.Select(u => u.Region).Distinct().Order(),
            auctions.SelectMany(a => ((string)a.GetTagItem("splitter.regions")!).Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order());
        var unitSpans = spans.Where(s => s.OperationName == "unit").ToList();
        Assert.Equal(units.Count, unitSpans.Count);
        Assert.All(unitSpans, u => Assert.Equal(units.Single(r => r.Id == (int)u.GetTagItem("splitter.unit")!).Region, u.GetTagItem("splitter.region")));
    }

    [Fact]
    public async Task RunTraceConsole_SplitRun_StdoutStaysJsonAndStderrHasOneTrace()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Cli.RunAsync(["run", Function, "--args", Arguments, "--units", "every", "--trace", "console"], stdout, stderr);

        Assert.True(exit == 0, stdout.ToString() + stderr.ToString());
        using var answer = JsonDocument.Parse(stdout.ToString());
        var unitCount = answer.RootElement.GetProperty("units").GetArrayLength();
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("trace ", StringComparison.Ordinal)).ToList();
        var plan = Assert.Single(lines, l => l.StartsWith("trace plan ", StringComparison.Ordinal) && l.Contains("splitter.function=" + Function, StringComparison.Ordinal));
        var traceId = Field(plan, "trace");
        var ours = lines.Where(l => Field(l, "trace") == traceId).ToList();
        Assert.Equal(unitCount, ours.Count(l => l.StartsWith("trace unit ", StringComparison.Ordinal)));
        Assert.Equal(unitCount, ours.Count(l => l.StartsWith("trace complete ", StringComparison.Ordinal)));
        Assert.Contains(ours, l => l.StartsWith("trace auction ", StringComparison.Ordinal) && Field(l, "parent") == Field(plan, "span"));
        Assert.Contains(ours, l => l.StartsWith("trace dispatch ", StringComparison.Ordinal) && Field(l, "parent") == Field(plan, "span"));
    }

    private static string Field(string line, string name) =>
        line.Split(' ').Select(p => p.Split('=', 2)).First(p => p.Length == 2 && p[0] == name)[1];

    /// <summary>The spans of one execution, once <paramref name="complete"/> holds (or after 10 s, to fail on what there is).</summary>
    private static async Task<List<Activity>> SpansOfAsync(List<Activity> exported, string executionId, Func<List<Activity>, bool> complete)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = exported.ToArray().Where(s => s is not null && (s.GetTagItem("splitter.execution") as string) == executionId).ToList();
            if (complete(spans) || DateTime.UtcNow > until)
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }
}
