using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>
/// The generator is incremental: an edit outside [Splitable] methods changes no analysis output (nothing is
/// re-emitted), and an edit of one method changes only that method's output.
/// </summary>
public sealed class IncrementalGenerationTests
{
    private static readonly CSharpParseOptions Parse = InMemoryBuild.ParseOptions(interceptors: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunGenerators_EditFileWithoutSplitableMethod_AnalysisOutputsCachedOrUnchanged(int seed)
    {
        var random = new Random(seed);
        var (compilation, trees) = Compilation(random.Next(0, 100));
        var driver = Driver().RunGenerators(compilation);
        Assert.All(Outputs(driver, SplitGenerator.AnalysisStep), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));

        for (var edit = 0; edit < 3; edit++)
        {
            var edited = Tree(PlainFile(random.Next(100, 1000)), "/src/Plain.cs");
            compilation = compilation.ReplaceSyntaxTree(trees.Plain, edited);
            trees = trees with { Plain = edited };
            driver = driver.RunGenerators(compilation);

            var analysis = Outputs(driver, SplitGenerator.AnalysisStep);
            Assert.Equal(3, analysis.Count);
            Assert.All(analysis, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"analysis output {o.Reason}: {o.Value}"));
            var sources = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(sources);
            Assert.All(sources, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output {o.Reason}: {o.Value}"));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RunGenerators_EditOneSplitableMethod_OnlyThatMethodReanalysed(int seed)
    {
        var random = new Random(seed);
        var (compilation, trees) = Compilation(random.Next(0, 100));
        var driver = Driver().RunGenerators(compilation);

        var constant = random.Next(100, 1000);
        var edited = Tree(MethodsFile(("Alpha", 1), ("Beta", constant)), "/src/Methods.cs");
        compilation = compilation.ReplaceSyntaxTree(trees.Methods, edited);
        driver = driver.RunGenerators(compilation);

        var analysis = Outputs(driver, SplitGenerator.AnalysisStep);
        Assert.Equal(3, analysis.Count);
        var modified = analysis.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).ToList();
        var changed = Assert.Single(modified);
        Assert.Contains("Incremental.Methods.Beta", changed.Value.ToString(), StringComparison.Ordinal);
        Assert.All(analysis.Except(modified), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        var generated = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("Incremental.Methods.Beta.Split.g.cs", StringComparison.Ordinal));
        Assert.Contains(constant.ToString(System.Globalization.CultureInfo.InvariantCulture), generated.ToString(), StringComparison.Ordinal);
    }

    private static GeneratorDriver Driver()
        => CSharpGeneratorDriver.Create(
            [new SplitGenerator().AsSourceGenerator()],
            parseOptions: Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorDriver driver, string step)
        => [.. driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs)];

    private static (CSharpCompilation Compilation, Trees Trees) Compilation(int plainVariant)
    {
        var trees = new Trees(
            Tree(MethodsFile(("Alpha", 1), ("Beta", 2)), "/src/Methods.cs"),
            Tree(MethodsFile(("Gamma", 3)).Replace("class Methods", "class Others", StringComparison.Ordinal), "/src/Others.cs"),
            Tree(PlainFile(plainVariant), "/src/Plain.cs"));
        var compilation = CSharpCompilation.Create(
            "Incremental",
            [trees.Methods, trees.Others, trees.Plain, Tree(InMemoryBuild.GlobalUsings, "/src/Usings.cs")],
            InMemoryBuild.MetadataReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, trees);
    }

    private static SyntaxTree Tree(string text, string path) => CSharpSyntaxTree.ParseText(text, Parse, path: path);

    /// <summary>[Splitable] methods in one class; each method's body depends on its constant.</summary>
    private static string MethodsFile(params (string Name, int Constant)[] methods)
        => "namespace Incremental;\n\npublic static partial class Methods\n{\n" + string.Concat(methods.Select(m => $$"""
                [Serverless.Annotations.Splitable]
                public static int {{m.Name}}(int a, List<int> items)
                {
                    var total = a + {{m.Constant}};
                    var copy = new List<int>(items);
                    copy.Add(total);
                    var sum = copy.Sum();
                    if (sum > 100)
                    {
                        return sum;
                    }

                    return sum * 2;
                }

            """)) + "}\n";

    /// <summary>Ordinary code calling nothing splittable; its text depends on <paramref name="variant"/>.</summary>
    private static string PlainFile(int variant) => $$"""
        namespace Incremental;

        public static class Plain
        {
            public static string Describe(int x) => "value " + (x + {{variant}});

            public static int Twice(int x)
            {
                var y = x * 2;
                return y + {{variant % 7}};
            }
        }
        """;

    private sealed record Trees(SyntaxTree Methods, SyntaxTree Others, SyntaxTree Plain);
}
