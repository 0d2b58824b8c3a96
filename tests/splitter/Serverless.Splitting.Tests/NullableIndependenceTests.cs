using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Tests;

/// <summary>
/// <see cref="SplitAnalyzer.Analyze(Compilation, System.Threading.CancellationToken)"/> binds through a semantic model
/// with Roslyn's nullable analysis disabled; on sources compiled with nullable reference types enabled, its graphs
/// must equal those of a nullable-aware semantic model (nullability is not part of the analysis).
/// </summary>
public class NullableIndependenceTests
{
    [Fact]
    public void Analyze_SamplesWithNullableEnabled_SameGraphsAsNullableAwareModel()
    {
        var files = SampleFiles();
        var compilation = SplitAnalyzer.CreateCompilation(files);
        compilation = compilation.WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var graphs = SplitAnalyzer.Analyze(compilation);

        var reference = new List<SplitGraph>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(method) is { } symbol && SplitAnalyzer.HasSplitableAttribute(symbol))
                {
                    reference.Add(SplitAnalyzer.AnalyzeMethod(model, method));
                }
            }
        }

        Assert.True(graphs.Count >= 5, $"expected the samples' [Splitable] methods, found {graphs.Count}");
        Assert.Equal(ManifestJson.Write(reference), ManifestJson.Write(graphs));
        Assert.Equal(reference.Select(Variables), graphs.Select(Variables));
    }

    private static string Variables(SplitGraph g) =>
        string.Join(";", g.Variables.Select(v => $"{v.Name}:{v.Type}:{v.IsParameter}:{v.DeclaringSegment}"));

    private static List<(string Path, string Text)> SampleFiles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "samples", "Serverless.Samples");
            if (Directory.Exists(samples))
            {
                return Directory.GetFiles(samples, "*.cs").Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f))).ToList();
            }
        }

        throw new InvalidOperationException("samples/Serverless.Samples not found above " + AppContext.BaseDirectory);
    }
}
