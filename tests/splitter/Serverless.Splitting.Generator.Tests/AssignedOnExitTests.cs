using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Splitting.Generator.Tests.Corpus;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>
/// The analysis tells the emitter which locals a statement declares but leaves unassigned (the executor stores none
/// of them); that fact equals Roslyn's definite assignment at the statement's end: on the corpus, on random programs,
/// and on random mixes of statements whose pattern and out variables are assigned on some paths only.
/// </summary>
public sealed class AssignedOnExitTests
{
    private static readonly string[] Conditional =
    [
        "if (o is int i{0}) {{ n += i{0}; }}",
        "if (!(o is string t{0})) {{ n++; }} else {{ n += t{0}.Length; }}",
        "if (o is not int j{0}) return n;",
        "if (!(o is string u{0})) throw new InvalidOperationException(\"x\");",
        "var ok{0} = o is int k{0} && k{0} > n;",
        "var any{0} = o is int m{0} || n > 3;",
        "_ = int.TryParse(s, out var p{0}) && p{0} > 0;",
        "var q{0} = int.TryParse(s, out var r{0}) ? r{0} : -1;",
        "if (s is {{ Length: > 2 }} w{0} && w{0}[0] == 'a') {{ n += w{0}.Length; }}",
        "if (o is int[] {{ Length: > 0 }} arr{0}) n += arr{0}[0]; else n--;",
        "if (true && o is int z{0}) {{ n += z{0}; }}",
        "while (n < 0 && o is int y{0}) {{ n += y{0} + 1; }}",
        "var e{0} = n > 0 ? 1 : 0;",
        "n += s.Length;",
        "int d{0}; if (n > 1) d{0} = 1; else d{0} = 2;",
        "int f{0}; if (n > 1) {{ f{0} = 1; }}",
        "int g{0}; try {{ g{0} = int.Parse(s); }} catch (FormatException) {{ g{0} = 0; }}",
        "if (o is int h{0} || o is long) {{ n++; }}",
        "if (n > 100) return o is int c{0} ? c{0} : n;",
    ];

    [Fact]
    public void Analyze_Corpus_UnassignedEqualsRoslynDefiniteAssignment()
        => AssertAgrees(CorpusMethods.All.Select(c => c.Source));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Analyze_RandomPrograms_UnassignedEqualsRoslynDefiniteAssignment(int seed, bool isAsync)
    {
        var random = new Random(seed * 7919);
        AssertAgrees(ProgramGenerator.Sources(random, isAsync));
    }

    [Fact]
    public void Analyze_RandomConditionalDeclarations_UnassignedEqualsRoslynDefiniteAssignment()
    {
        Gen.Int[0, Conditional.Length - 1].Array[1, 8].Sample(
            picks =>
            {
                var body = string.Join("\n", picks.Select((p, i) => "        " + string.Format(System.Globalization.CultureInfo.InvariantCulture, Conditional[p], i)));
                var result = picks[0] % 2 == 0 ? "o is int last ? last + n : n" : "n";
                AssertAgrees([$$"""
                    namespace Flow;

                    public static partial class C
                    {
                        [Serverless.Annotations.Splitable]
                        public static int Run(object o, string s)
                        {
                            var n = 0;
                    {{body}}
                            return {{result}};
                        }
                    }
                    """]);
            },
            iter: 150);
    }

    private static void AssertAgrees(IEnumerable<string> sources)
    {
        var parse = InMemoryBuild.ParseOptions(interceptors: false);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: $"/src/File{i}.cs")).Append(CSharpSyntaxTree.ParseText(InMemoryBuild.GlobalUsings, parse, path: "/src/Usings.cs")).ToList();
        var compilation = CSharpCompilation.Create("Flow", trees, InMemoryBuild.MetadataReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + string.Join("\n----\n", sources));
        var checkedMethods = 0;
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (method.Body is null || model.GetDeclaredSymbol(method) is not { } symbol || !SplitAnalyzer.HasSplitableAttribute(symbol))
                {
                    continue;
                }

                var graph = SplitAnalyzer.AnalyzeMethod(model, method);
                var statements = method.Body.Statements;
                if (graph.Segments.Count != statements.Count)
                {
                    continue;
                }

                checkedMethods++;
                var topLevel = graph.Variables.Where(v => !v.IsParameter).ToDictionary(v => v.Name, v => v.DeclaringSegment, StringComparer.Ordinal);
                for (var i = 0; i < statements.Count; i++)
                {
                    var segment = graph.Segments[i];
                    var flow = model.AnalyzeDataFlow(statements[i])!;
                    Assert.True(flow.Succeeded);
                    var expected = segment.Writes
                        .Where(w => topLevel.TryGetValue(w, out var declaring) && declaring == i)
                        .Where(w => !flow.DefinitelyAssignedOnExit.Any(s => s.Name == w))
                        .ToList();
                    var context = $"{symbol.ContainingType.Name}.{symbol.Name} segment {i} '{statements[i]}': analysis [{string.Join(",", segment.Unassigned)}], Roslyn [{string.Join(",", expected)}]";
                    Assert.True(expected.SequenceEqual(segment.Unassigned), context);
                }
            }
        }

        Assert.True(checkedMethods > 0, "no [Splitable] method with one segment per statement was checked");
    }
}
