using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>The generator never breaks a build: methods it cannot emit executors for get an SPL1xx warning and run unsplit.</summary>
public sealed class GeneratorSafetyTests
{
    private const string Awkward = """
        using Serverless.Annotations;

        namespace Awkward;

        public static partial class Shapes
        {
            [Splitable]
            public static bool TryHalf(int x, out int half)
            {
                half = x / 2;
                return x % 2 == 0;
            }

            [Splitable]
            public static void Bump(ref int counter, int by)
            {
                counter += by;
                counter *= 2;
            }

            [Splitable]
            public static int Length(ReadOnlySpan<char> text)
            {
                var n = text.Length;
                return n * 2;
            }

            [Splitable]
            public static int Total(in (int A, int B) pair, int c)
            {
                var sum = pair.A + pair.B;
                return sum + c;
            }

            [Splitable]
            public static int Parse(string s)
            {
                int value;
                var ok = int.TryParse(s, out value);
                Swap(ref value, ref value);
                return ok ? value : -1;
            }

            private static void Swap(ref int a, ref int b) => (a, b) = (b, a);
        }

        public static class Callers
        {
            public static int Use()
            {
                var ok = Shapes.TryHalf(4, out var h);
                var c = 1;
                Shapes.Bump(ref c, 2);
                return h + c + Shapes.Length("abc".AsSpan()) + Shapes.Total((1, 2), 3) + Shapes.Parse("5") + (ok ? 1 : 0);
            }
        }
        """;

    [Fact]
    public void Build_ByRefAndRefStructSignatures_CompilesAndReportsSpl105()
    {
        var build = InMemoryBuild.Build([Awkward], assemblyName: "Awkward");
        var errors = build.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        foreach (var method in new[] { "TryHalf", "Bump", "Length" })
        {
            var d = Assert.Single(build.Diagnostics, d => d.Id == "SPL105" && d.GetMessage().Contains("'Awkward.Shapes." + method + "'", StringComparison.Ordinal));
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        }

        Assert.DoesNotContain(build.Diagnostics, d => d.Id == "SPL105" && (d.GetMessage().Contains("Total", StringComparison.Ordinal) || d.GetMessage().Contains("Parse", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Build_InParameterAndOutArgument_SplitsAndEqualsDirect()
    {
        var build = InMemoryBuild.Build([Awkward], assemblyName: "Awkward2");
        var context = new AssemblyLoadContext("awkward", isCollectible: true);
        try
        {
            var catalogue = SplitFunctionRegistry.FromAssemblies(InMemoryBuild.Load(build.Output, context));
            Assert.DoesNotContain(catalogue.All, e => e.Id is "Awkward.Shapes.TryHalf" or "Awkward.Shapes.Bump" or "Awkward.Shapes.Length");
            foreach (var (id, json) in new[] { ("Awkward.Shapes.Total", """{"pair":{"item1":2,"item2":5},"c":1}"""), ("Awkward.Shapes.Parse", """{"s":"42"}""") })
            {
                var entry = catalogue.Get(id);
                var arguments = SplitArguments.Bind(entry.Function, System.Text.Encoding.UTF8.GetBytes(json));
                var direct = await Outcome.OfAsync(() => entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)), entry.Function.ResultType);
                var split = await Outcome.OfAsync(
                    async () => (await new LocalSplitExecutor(new Serverless.Orchestrations.InMemory.InMemoryStateStore()).RunAsync(entry, SplitUnits.Every(entry.Graph.Segments.Count), arguments, "a")).Result,
                    entry.Function.ResultType);
                Assert.Equal(direct, split);
                Assert.Null(direct.ExceptionType);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
