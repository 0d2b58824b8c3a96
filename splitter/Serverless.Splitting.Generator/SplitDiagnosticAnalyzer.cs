using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Serverless.Splitting.Generator;

/// <summary>
/// Reports, in the user's build, why a [Splitable] method will run unsplit: the analysis errors (as warnings, so the
/// method still compiles) and the generator's own conditions (SPL1xx).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SplitDiagnosticAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [.. GeneratorDiagnostics.All];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0
            || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method
            || !Eligibility.IsSplitable(method))
        {
            return;
        }

        if (Eligibility.Check(method, syntax) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, syntax.Identifier.GetLocation(), problem.Arg0, problem.Arg1));
        }
    }
}
