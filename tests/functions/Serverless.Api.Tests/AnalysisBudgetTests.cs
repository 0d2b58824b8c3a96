using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Adapters;
using Serverless.Api.Analysis;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Tests;

/// <summary>
/// Hostile source on <c>POST /api/split/analyze</c>: what an attacker sends (deep nesting, nested lambdas) is refused
/// by the analysis budget with a problem naming the limit, a long analysis is cancelled at its time limit, and while
/// the analyses' slots are taken the next one is told to come back (503, Retry-After) and other requests are served.
/// </summary>
public sealed class AnalysisBudgetTests
{
    private const string Splitable = "using Serverless.Annotations; public static class C { [Splitable] public static int M(int a) { var x = ";

    public static Gen<string> Hostile { get; } = Gen.OneOf(
        Gen.Int[600, 60_000].Select(d => Splitable + new string('(', d) + "a" + new string(')', d) + "; return x; } }"),
        Gen.Int[150, 2_000].Select(d => Splitable + string.Concat(Enumerable.Repeat("new System.Func<int, int>(v => ", d)) + "v" + new string(')', d) + "(a); return x; } }"),
        Gen.Int[600, 5_000].Select(d => Splitable + "0; " + string.Concat(Enumerable.Repeat("{ ", d)) + new string('}', d) + " return x; } }"),
        Gen.Int[300, 3_000].Select(d => Splitable + "default(" + string.Concat(Enumerable.Repeat("System.Collections.Generic.List<", d)) + "int" + new string('>', d) + "); return 0; } }"));

    [Fact]
    public async Task HostileSource_IsRefusedByTheDepthLimitBeforeBinding_AndNothingElseIsAffected()
    {
        var analyzer = new CountingAnalyzer(new RoslynSourceAnalyzer());
        await using var host = await ApiHost.StartAsync(configure: s => s.AddSingleton<ISourceAnalyzer>(analyzer));
        await Hostile.SampleAsync(
            async source =>
            {
                var response = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source }));
                var problem = await ApiHost.ReadJsonAsync(response);
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                Assert.Equal("source", problem.GetProperty("field").GetString());
                Assert.Contains("nests deeper than 500 levels", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            },
            iter: 12,
            threads: 1);
        Assert.Equal(0, analyzer.Calls); // refused before any binding
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/functions")).StatusCode);

        // Plain code nested well within the limit still analyses.
        var ok = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source = Splitable + new string('(', 40) + "a" + new string(')', 40) + "; var y = x + 1; return y; } }" }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, analyzer.Calls);
    }

    [Fact]
    public async Task LongAnalysis_IsCancelledAtItsTimeLimit_AndAnswers422NamingTheLimit()
    {
        var analyzer = new GateAnalyzer();
        await using var host = await ApiHost.StartAsync(configure: s =>
        {
            s.AddSingleton<ISourceAnalyzer>(analyzer);
            s.Configure<ServerlessApiOptions>(o => o.AnalysisTimeLimit = TimeSpan.FromMilliseconds(300));
        });
        var response = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source = "class C { }" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Contains("limit of 0.3 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(analyzer.SawCancellation, "the analysis was not cancelled at the time limit");
    }

    [Fact]
    public async Task SlotsTaken_NextAnalysisIs503WithRetryAfter_OtherRequestsAreServed_AndTheSlotComesBack()
    {
        var analyzer = new GateAnalyzer();
        await using var host = await ApiHost.StartAsync(configure: s =>
        {
            s.AddSingleton<ISourceAnalyzer>(analyzer);
            s.Configure<ServerlessApiOptions>(o => o.MaxConcurrentAnalyses = 1);
        });
        var body = JsonSerializer.Serialize(new { source = "class C { }" });
        var first = host.PostAsync("/api/split/analyze", body);
        await analyzer.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var second = await host.PostAsync("/api/split/analyze", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(AnalysisBudget.RetryAfterSeconds), second.Headers.RetryAfter?.Delta);
        Assert.Contains("1 analyses of submitted source are already running", (await ApiHost.ReadJsonAsync(second)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/functions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/split/analyze", $$"""{"function":"{{Doubles.TestFunctions.SumOfSquares}}"}""")).StatusCode);

        analyzer.Release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/split/analyze", body)).StatusCode);
    }

    [Fact]
    public void NestingDepth_EveryHostileShapeIsPastTheLimit_WithoutParsingAnyFurther()
    {
        Hostile.Sample(source => Assert.Equal(501, AnalysisBudget.NestingDepth(source, 500)), iter: 40);
    }

    [Fact]
    public void NestingDepth_CountsTheParseTreeWithoutRecursion_AndStopsPastTheLimit()
    {
        Assert.InRange(AnalysisBudget.NestingDepth("class C { int M() => 1; }", 500), 3, 10);
        var deep = "class C { int M() => " + new string('(', 100_000) + "1" + new string(')', 100_000) + "; }";
        Assert.Equal(501, AnalysisBudget.NestingDepth(deep, 500));
        Assert.True(AnalysisBudget.NestingDepth("class C { int M() => " + new string('(', 50) + "1" + new string(')', 50) + "; }", 500) > 50);
    }

    private sealed class CountingAnalyzer(ISourceAnalyzer inner) : ISourceAnalyzer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<SplitGraph> Analyze(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.Analyze(files, cancellationToken);
        }
    }

    /// <summary>An analysis that runs until it is released or cancelled.</summary>
    private sealed class GateAnalyzer : ISourceAnalyzer
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool SawCancellation { get; private set; }

        public IReadOnlyList<SplitGraph> Analyze(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                return [];
            }

            Entered.TrySetResult();
            try
            {
                Release.Task.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }

            return [];
        }
    }
}
