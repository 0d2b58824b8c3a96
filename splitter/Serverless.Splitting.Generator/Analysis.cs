using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Serverless.Splitting.Model;

namespace Serverless.Splitting.Generator;

/// <summary>The one place the generator calls the analysis (Serverless.Splitting) and its manifest writer.</summary>
internal static class Analysis
{
    public static SplitGraph AnalyzeMethod(SemanticModel model, MethodDeclarationSyntax method)
        => ProvisionalAnalysis.AnalyzeMethod(model, method);

    public static string Manifest(SplitGraph graph) => ProvisionalAnalysis.ManifestJson(graph);
}
