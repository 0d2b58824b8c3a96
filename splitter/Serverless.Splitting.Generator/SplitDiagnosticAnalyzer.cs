using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Serverless.Splitting.Generator;

/// <summary>
/// Reports, in the user's build, why a [Splitable] method will run unsplit: the analysis diagnostics (SPL0xx; errors
/// of the analysis become warnings, so the method still compiles and runs as one unit) and the generator's own
/// conditions (SPL1xx).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SplitDiagnosticAnalyzer : DiagnosticAnalyzer
{
    private const string Category = "Serverless.Splitting";

    /// <summary>The analysis descriptors as compiler diagnostics, by id (all reported as warnings).</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> AnalysisDescriptors =
        SplitDiagnostics.All.ToDictionary(
            d => d.Id,
            d => new DiagnosticDescriptor(d.Id, d.Title, "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [.. AnalysisDescriptors.Values, .. GeneratorDiagnostics.All];

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
            || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        // A [DataSource] with a bad value is reported where it is written (the [Splitable] callers report it too).
        var dataSourceProblems = SplitAnalyzer.DataSourceProblems(method);
        if (dataSourceProblems.Count > 0 && AnalysisDescriptors.TryGetValue(SplitDiagnostics.InvalidAnnotation.Id, out var invalid))
        {
            foreach (var message in dataSourceProblems)
            {
                context.ReportDiagnostic(Diagnostic.Create(invalid, syntax.Identifier.GetLocation(), message));
            }
        }

        if (!Eligibility.IsSplitable(method))
        {
            return;
        }

        var graph = Analysis.AnalyzeMethod(context.SemanticModel, syntax, context.CancellationToken);
        var text = syntax.SyntaxTree.GetText(context.CancellationToken);
        foreach (var d in graph.Diagnostics)
        {
            if (!AnalysisDescriptors.TryGetValue(d.Id, out var descriptor))
            {
                continue;
            }

            var line = System.Math.Max(0, System.Math.Min(text.Lines.Count - 1, d.Line - 1));
            var span = text.Lines[line].Span;
            var location = span.Length == 0 ? syntax.Identifier.GetLocation() : Location.Create(syntax.SyntaxTree, span);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, d.Message));
        }

        if (Eligibility.Check(method, syntax) is { } problem)
        {
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, syntax.Identifier.GetLocation(), problem.Arg0, problem.Arg1));
        }
    }
}
