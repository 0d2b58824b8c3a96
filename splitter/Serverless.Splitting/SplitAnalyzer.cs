using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Contracts.Manifest;
using Serverless.Splitting.Analysis;

namespace Serverless.Splitting;

/// <summary>
/// Splits <c>[Splitable]</c> methods into segments (one per top-level statement) and computes their dependency
/// graph with Roslyn's semantic model, following the splitting contract (docs/splitting.md). Never throws for bad
/// input: problems are <see cref="SplitDiagnostic"/>s.
/// </summary>
public static class SplitAnalyzer
{
    private const string SplitableName = "SplitableAttribute";

    /// <summary>The graphs of all <c>[Splitable]</c> methods of the compilation's syntax trees, in source order.</summary>
    public static IReadOnlyList<SplitGraph> Analyze(Compilation compilation, CancellationToken ct = default) =>
        Analyze(compilation, reportAllCompilerErrors: false, ct);

    /// <summary>
    /// As <see cref="Analyze(Compilation, CancellationToken)"/>; with <paramref name="reportAllCompilerErrors"/> every
    /// C# error inside a method becomes an SPL008 diagnostic (costs a full <c>GetDiagnostics</c>). Without it, syntax
    /// errors are always reported and semantic errors when the method's operations are invalid (a compiler that
    /// loads the analysis reports the rest itself).
    /// </summary>
    public static IReadOnlyList<SplitGraph> Analyze(Compilation compilation, bool reportAllCompilerErrors, CancellationToken ct = default) =>
        Analyze(compilation, reportAllCompilerErrors, SyntaxDepth.Limit, ct);

    private static IReadOnlyList<SplitGraph> Analyze(Compilation compilation, bool reportAllCompilerErrors, int depthLimit, CancellationToken ct)
    {
        if (compilation is null)
        {
            throw new ArgumentNullException(nameof(compilation));
        }

        return Analyze(compilation, reportAllCompilerErrors ? CompilerErrors(compilation, depthLimit, ct) : null, depthLimit, ct);
    }

    private static IReadOnlyList<SplitGraph> Analyze(Compilation compilation, IReadOnlyList<Diagnostic>? errors, int depthLimit, CancellationToken ct)
    {
        var graphs = new List<SplitGraph>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            ct.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            foreach (var method in CandidateMethods(tree.GetRoot(ct)))
            {
                model ??= ModelOf(compilation, tree);
                if (model.GetDeclaredSymbol(method, ct) is { } symbol && HasSplitableAttribute(symbol))
                {
                    graphs.Add(MethodAnalyzer.Analyze(model, method, errors, depthLimit, ct));
                }
            }
        }

        return graphs;
    }

    /// <summary>
    /// The semantic model the analysis binds through. Nullable analysis is switched off: the analysis reads symbols,
    /// operations and declared types, never flow-state nullability, and Roslyn's nullable walker over a whole method
    /// body costs as much again as binding it when the compilation enables nullable reference types.
    /// </summary>
#pragma warning disable RSEXPERIMENTAL001 // SemanticModelOptions is public Roslyn API marked for evaluation; the analysis works without it.
    internal static SemanticModel ModelOf(Compilation compilation, SyntaxTree tree) =>
        compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001

    /// <summary>
    /// The C# errors of every syntax tree; a tree nested deeper than the analysis binds contributes its syntax errors
    /// only (binding it could overflow the stack).
    /// </summary>
    public static IReadOnlyList<Diagnostic> CompilerErrors(Compilation compilation, CancellationToken ct = default) =>
        CompilerErrors(compilation, SyntaxDepth.Limit, ct);

    private static IReadOnlyList<Diagnostic> CompilerErrors(Compilation compilation, int depthLimit, CancellationToken ct)
    {
        if (compilation is null)
        {
            throw new ArgumentNullException(nameof(compilation));
        }

        var errors = new List<Diagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var diagnostics = SyntaxDepth.Of(tree.GetRoot(ct), depthLimit) > depthLimit
                ? tree.GetDiagnostics(ct)
                : compilation.GetSemanticModel(tree).GetDiagnostics(cancellationToken: ct);
            errors.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        return errors;
    }

    /// <summary>The graph of one method (whether or not it carries <c>[Splitable]</c>).</summary>
    public static SplitGraph AnalyzeMethod(SemanticModel model, MethodDeclarationSyntax method, CancellationToken ct = default)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (method is null)
        {
            throw new ArgumentNullException(nameof(method));
        }

        return MethodAnalyzer.Analyze(model, method, null, SyntaxDepth.Limit, ct);
    }

    /// <summary>
    /// Parses the files, compiles them against the running runtime's platform assemblies plus
    /// Serverless.Annotations (and the SDK's implicit global usings), and analyses every <c>[Splitable]</c> method,
    /// reporting every C# error inside a method as SPL008.
    /// </summary>
    /// <remarks>Runs on a thread of its own with a large stack, so deeply nested input cannot overflow it.</remarks>
    public static IReadOnlyList<SplitGraph> AnalyzeSources(IEnumerable<(string Path, string Text)> files, CancellationToken ct = default)
    {
        if (files is null)
        {
            throw new ArgumentNullException(nameof(files));
        }

        return AnalyzeSourcesDetailed(files, ct).Graphs;
    }

    /// <summary>
    /// As <see cref="AnalyzeSources"/>, and also returns every C# error of the sources (for reporting errors outside
    /// <c>[Splitable]</c> methods).
    /// </summary>
    public static SourceAnalysis AnalyzeSourcesDetailed(IEnumerable<(string Path, string Text)> files, CancellationToken ct = default)
    {
        if (files is null)
        {
            throw new ArgumentNullException(nameof(files));
        }

        var list = files.ToList();
        return SyntaxDepth.RunWithLargeStack(() =>
        {
            var compilation = CreateCompilation(list, ct);
            var errors = CompilerErrors(compilation, SyntaxDepth.LargeStackLimit, ct);
            return new SourceAnalysis(Analyze(compilation, errors, SyntaxDepth.LargeStackLimit, ct), errors);
        });
    }

    /// <summary>The compilation <see cref="AnalyzeSources"/> analyses (library, unsafe allowed, latest C#).</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Text)> files, CancellationToken ct = default)
    {
        if (files is null)
        {
            throw new ArgumentNullException(nameof(files));
        }

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text ?? string.Empty, parse, f.Path ?? string.Empty, cancellationToken: ct)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(PlatformReferences.ImplicitUsings, parse, "<implicit-usings>.cs", cancellationToken: ct));
        var references = PlatformReferences.Get(trees);
        if (PlatformReferences.AnnotationsReference is null && !DeclaresAnnotations(trees))
        {
            trees.Add(CSharpSyntaxTree.ParseText(PlatformReferences.AnnotationsSource, parse, "<Serverless.Annotations>.cs", cancellationToken: ct));
        }

        return CSharpCompilation.Create(
            "SplitAnalysis",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, concurrentBuild: false));
    }

    private static bool DeclaresAnnotations(IEnumerable<SyntaxTree> trees) =>
        trees.Any(t => t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<ClassDeclarationSyntax>().Any(c => c.Identifier.ValueText == SplitableName));

    /// <summary>True when the method carries <c>[Serverless.Annotations.Splitable]</c>.</summary>
    public static bool HasSplitableAttribute(IMethodSymbol method)
    {
        if (method is null)
        {
            return false;
        }

        foreach (var a in method.GetAttributes())
        {
            if (AnnotationReader.Is(a, SplitableName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What is wrong with the <c>[DataSource]</c> attributes of <paramref name="method"/> (an empty region, negative
    /// <c>Bytes</c>), one message each; empty when they are valid or absent.
    /// </summary>
    public static IReadOnlyList<string> DataSourceProblems(IMethodSymbol method) =>
        method is null ? [] : AnnotationReader.ReadDataSources(method).Problems;

    /// <summary>Method declarations with at least one attribute (only those can be [Splitable]).</summary>
    private static IEnumerable<MethodDeclarationSyntax> CandidateMethods(SyntaxNode root) =>
        root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.Count > 0);
}
