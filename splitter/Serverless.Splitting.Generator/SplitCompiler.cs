using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Serverless.Splitting.Generator;

/// <summary>
/// Compiles a user's C# files in memory with the split generator (for <c>serverless run --source</c>): the files are
/// compiled like <c>serverless analyze</c> compiles them (platform assemblies + Serverless.Annotations), types that
/// hold a [Splitable] method are made partial, and the assembly (with executors and registration) is emitted.
/// </summary>
public static class SplitCompiler
{
    /// <summary>Compiles the files; <see cref="SplitCompilation.Assembly"/> is null when C# errors remain.</summary>
    public static SplitCompilation Compile(IEnumerable<(string Path, string Text)> files, CancellationToken ct = default)
    {
        var compilation = SplitAnalyzer.CreateCompilation(files, ct);
        foreach (var tree in compilation.SyntaxTrees.ToList())
        {
            var root = tree.GetRoot(ct);
            var rewritten = new PartialRewriter().Visit(root);
            if (rewritten != root)
            {
                compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(rewritten, tree.Options));
            }
        }

        compilation = compilation.WithAssemblyName("Serverless.UserCode");
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new SplitGenerator().AsSourceGenerator() }, parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, ct);
        var analyzerDiagnostics = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SplitDiagnosticAnalyzer()))
            .GetAnalyzerDiagnosticsAsync(ct).GetAwaiter().GetResult();
        using var stream = new MemoryStream();
        var emit = output.Emit(stream, cancellationToken: ct);
        var diagnostics = generatorDiagnostics.Concat(emit.Diagnostics).Concat(analyzerDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return new SplitCompilation(emit.Success ? stream.ToArray() : null, diagnostics);
    }

    private sealed class PartialRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => MakePartial(node, base.VisitClassDeclaration(node));

        public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => MakePartial(node, base.VisitStructDeclaration(node));

        public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => MakePartial(node, base.VisitRecordDeclaration(node));

        private static SyntaxNode? MakePartial(TypeDeclarationSyntax original, SyntaxNode? visited)
        {
            if (visited is not TypeDeclarationSyntax type || type.Modifiers.Any(SyntaxKind.PartialKeyword) || !HoldsSplitable(original))
            {
                return visited;
            }

            if (type.Modifiers.Count == 0)
            {
                var keyword = type.Keyword;
                var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }

            return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
        }

        private static bool HoldsSplitable(TypeDeclarationSyntax type)
            => type.DescendantNodes().OfType<MethodDeclarationSyntax>().Any(m => m.AttributeLists.SelectMany(l => l.Attributes)
                .Any(a => a.Name.ToString().Split('.').Last() is "Splitable" or "SplitableAttribute"));
    }
}

/// <summary>The emitted assembly (null when the files do not compile) and the warnings and errors.</summary>
public sealed class SplitCompilation
{
    /// <summary>Creates the result.</summary>
    public SplitCompilation(byte[]? assembly, IReadOnlyList<Diagnostic> diagnostics)
    {
        Assembly = assembly;
        Diagnostics = diagnostics;
    }

    /// <summary>The assembly image, or null when there were errors.</summary>
    public byte[]? Assembly { get; }

    /// <summary>Warnings and errors (C#, SPL analysis and generator diagnostics).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
