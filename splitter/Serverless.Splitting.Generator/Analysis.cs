using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Generator;

/// <summary>The one place the generator calls the analysis (Serverless.Splitting) and its manifest writer.</summary>
internal static class Analysis
{
    public static SplitGraph AnalyzeMethod(SemanticModel model, MethodDeclarationSyntax method, System.Threading.CancellationToken ct = default)
        => SplitAnalyzer.AnalyzeMethod(model, method, ct);

    /// <summary>The manifest of one function, exactly as <c>serverless analyze</c> prints it: <c>{"functions":[…]}</c>.</summary>
    public static string Manifest(SplitGraph graph) => ManifestJson.Write(new[] { graph });
}
