using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Serverless.Splitting;

namespace Serverless.Benchmarks;

/// <summary>
/// `serverless bench analyze`: the split analysis of a generated 2,000-statement [Splitable] method against the time
/// Roslyn takes to produce <c>GetDiagnostics()</c> for the same compilation. Both start from a fresh compilation of the
/// same parsed trees (so both bind the method), after warm-up; the ratio is candidate / baseline (target ≤ 0.5).
/// </summary>
public sealed class AnalyzeBenchmark : IBenchmark
{
    public const int Statements = 2000;

    public string Name => "analyze";

    public string Description => $"split analysis of a {Statements}-statement method vs Roslyn GetDiagnostics() of the same compilation (target ratio <= 0.5)";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = GenerateMethod(Statements, seed: 42);
        var template = SplitAnalyzer.CreateCompilation([("Generated.cs", source)]);
        var errors = template.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the generated benchmark method does not compile: " + errors[0]);
        }

        CSharpCompilation Fresh() => CSharpCompilation.Create(template.AssemblyName, template.SyntaxTrees, template.References, template.Options);

        var warmup = context.Quick ? 1 : 3;
        var runs = context.Quick ? 2 : 7;
        var segments = 0;
        for (var i = 0; i < warmup; i++)
        {
            segments = SplitAnalyzer.Analyze(Fresh())[0].Segments.Count;
            _ = Fresh().GetDiagnostics();
        }

        var candidate = new List<double>();
        var baseline = new List<double>();
        var binding = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var c = Fresh();
            var sw = Stopwatch.StartNew();
            var graphs = SplitAnalyzer.Analyze(c);
            candidate.Add(sw.Elapsed.TotalMilliseconds);
            if (graphs.Count != 1 || graphs[0].Segments.Count != Statements)
            {
                throw new InvalidOperationException($"expected one graph with {Statements} segments");
            }

            var b = Fresh();
            sw.Restart();
            _ = b.GetDiagnostics();
            baseline.Add(sw.Elapsed.TotalMilliseconds);

            // The floor every semantic analysis pays: Roslyn binding the method body through a semantic model.
            var f = Fresh();
            sw.Restart();
            var tree = f.SyntaxTrees[0];
            var body = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First().Body!;
            _ = f.GetSemanticModel(tree).GetOperation(body);
            binding.Add(sw.Elapsed.TotalMilliseconds);
        }

        // Informational, not the target: the same trees with nullable reference types enabled (the SDK's default for
        // new projects). Roslyn's GetDiagnostics then also runs its nullable flow analysis over the method; the split
        // analysis binds through a semantic model with nullable analysis disabled, as it needs no nullability.
        CSharpCompilation FreshNullable() => CSharpCompilation.Create(template.AssemblyName, template.SyntaxTrees, template.References, template.Options.WithNullableContextOptions(NullableContextOptions.Enable));
        _ = SplitAnalyzer.Analyze(FreshNullable());
        _ = FreshNullable().GetDiagnostics();
        var nullableCandidate = new List<double>();
        var nullableBaseline = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var c = FreshNullable();
            var sw = Stopwatch.StartNew();
            _ = SplitAnalyzer.Analyze(c);
            nullableCandidate.Add(sw.Elapsed.TotalMilliseconds);
            var b = FreshNullable();
            sw.Restart();
            _ = b.GetDiagnostics();
            nullableBaseline.Add(sw.Elapsed.TotalMilliseconds);
        }

        var cm = Median(candidate);
        var bm = Median(baseline);
        var ratio = cm / bm;
        var fm = Median(binding);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"method: {Statements} statements, {segments} segments; runs: {runs} after {warmup} warm-up")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"split analysis (SplitAnalyzer.Analyze):      median {cm,8:F1} ms")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"baseline (Compilation.GetDiagnostics()):    median {bm,8:F1} ms")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  of which Roslyn binding the body (SemanticModel.GetOperation): median {fm,8:F1} ms; the analysis beyond it: {Math.Max(0, cm - fm),8:F1} ms ({Math.Max(0, cm - fm) / bm:F2} of the baseline)")).ConfigureAwait(false);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio analysis/diagnostics: {ratio:F2} (target <= 0.50: {(ratio <= 0.5 ? "met" : "NOT met")})")).ConfigureAwait(false);
        var ncm = Median(nullableCandidate);
        var nbm = Median(nullableBaseline);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"informational, same trees with nullable reference types enabled: analysis median {ncm,8:F1} ms vs GetDiagnostics() median {nbm,8:F1} ms, ratio {ncm / nbm:F2}")).ConfigureAwait(false);
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>A compiling [Splitable] method with <paramref name="statements"/> top-level statements of mixed kinds.</summary>
    public static string GenerateMethod(int statements, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using System.Collections.Generic;");
        sb.AppendLine("using System.Linq;");
        sb.AppendLine("using Serverless.Annotations;");
        sb.AppendLine("namespace Bench;");
        sb.AppendLine("public static class Generated");
        sb.AppendLine("{");
        sb.AppendLine("    [Splitable]");
        sb.AppendLine("    public static int Run(int seed, string text)");
        sb.AppendLine("    {");
        var ints = new List<string> { "seed" };
        var lists = new List<string>();
        string Pick(List<string> xs) => xs[rng.Next(xs.Count)];
        for (var i = 0; i < statements - 1; i++)
        {
            var v = "v" + i.ToString(CultureInfo.InvariantCulture);
            var kind = lists.Count == 0 ? 8 : rng.Next(10);
            switch (kind)
            {
                case 0:
                case 1:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        var {v} = {Pick(ints)} + {Pick(ints)} * {rng.Next(1, 9)};");
                    ints.Add(v);
                    break;
                case 2:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        {Pick(ints)} += {Pick(ints)};");
                    break;
                case 3:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        {Pick(lists)}.Add({Pick(ints)});");
                    break;
                case 4:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        if ({Pick(ints)} > {rng.Next(100)}) {{ {Pick(ints)} = {Pick(ints)} - 1; }} else {{ {Pick(lists)}.Clear(); }}");
                    break;
                case 5:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        foreach (var x in {Pick(lists)}) {{ {Pick(ints)} += x; }}");
                    break;
                case 6:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        var {v} = {Pick(lists)}.Where(x => x % {rng.Next(2, 7)} == 0).Select(x => x * {Pick(ints)}).Sum();");
                    ints.Add(v);
                    break;
                case 7:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        var {v} = text.Length + {Pick(ints)}.ToString().Trim().Length;");
                    ints.Add(v);
                    break;
                case 8:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        var {v} = new List<int> {{ {Pick(ints)}, {rng.Next(100)} }};");
                    lists.Add(v);
                    break;
                default:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        try {{ {Pick(ints)} = checked({Pick(ints)} * 2); }} catch (OverflowException) {{ {Pick(ints)} = 0; }}");
                    break;
            }
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"        return {string.Join(" + ", ints.TakeLast(5))};");
        sb.AppendLine("    }");
        sb.AppendLine("}");
        return sb.ToString();
    }
}
