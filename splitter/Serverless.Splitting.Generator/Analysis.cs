using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Generator;

/// <summary>The one place the generator calls the analysis (Serverless.Splitting) and its manifest writer.</summary>
internal static class Analysis
{
    public static SplitGraph AnalyzeMethod(SemanticModel model, MethodDeclarationSyntax method, System.Threading.CancellationToken ct = default)
        => SplitAnalyzer.AnalyzeMethod(model, method, ct);

    /// <summary>
    /// A model of <paramref name="tree"/> without the nullable pass: the analysis and the emitter read symbols,
    /// operations and declared types, never flow-state nullability, and Roslyn's nullable walker over a method body
    /// costs as much again as binding it (the model a generator is handed runs it when the project enables nullable).
    /// </summary>
#pragma warning disable RSEXPERIMENTAL001 // SemanticModelOptions is public Roslyn API marked for evaluation; the analysis works without it.
    public static SemanticModel ModelOf(SemanticModel model, SyntaxTree tree)
        => model.Compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001

    /// <summary>The manifest of one function, exactly as <c>serverless analyze</c> prints it: <c>{"functions":[…]}</c>.</summary>
    public static string Manifest(SplitGraph graph) => ManifestJson.Write(new[] { graph });
}
