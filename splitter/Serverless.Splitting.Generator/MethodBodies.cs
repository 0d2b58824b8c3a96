using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Splitting.Generator;

/// <summary>Syntax helpers shared by the emitters: segments of a method, top-level variables, returns and awaits.</summary>
internal static class MethodBodies
{
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static readonly SymbolDisplayFormat TypeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>Segment i is statement i of the body; an expression body is one segment (<c>return e;</c> or <c>e;</c>).</summary>
    public static IReadOnlyList<StatementSyntax> Segments(MethodDeclarationSyntax method, bool returnsValue)
    {
        if (method.Body is { } body)
        {
            return body.Statements;
        }

        if (method.ExpressionBody is { } arrow)
        {
            StatementSyntax statement = returnsValue
                ? SyntaxFactory.ReturnStatement(arrow.Expression.WithoutTrivia())
                : SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia());
            return new[] { statement.NormalizeWhitespace() };
        }

        return System.Array.Empty<StatementSyntax>();
    }

    /// <summary>Parameters, then the locals whose scope is the whole method body, in declaration order.</summary>
    public static IReadOnlyList<ISymbol> TopLevelVariables(SemanticModel model, IMethodSymbol symbol, MethodDeclarationSyntax method)
    {
        var result = new List<ISymbol>(symbol.Parameters);
        if (method.Body is { } body && body.Statements.Count > 0)
        {
            var locals = model.LookupSymbols(body.Statements[body.Statements.Count - 1].SpanStart)
                .OfType<ILocalSymbol>()
                .Where(l => l.DeclaringSyntaxReferences.Length > 0 && body.Span.Contains(l.DeclaringSyntaxReferences[0].Span))
                .OrderBy(l => l.DeclaringSyntaxReferences[0].Span.Start);
            result.AddRange(locals);
        }

        return result;
    }

    /// <summary>Index of the top-level statement that declares a local, or -1 for a parameter.</summary>
    public static int DeclaringSegment(ISymbol variable, IReadOnlyList<StatementSyntax> segments)
    {
        if (variable is IParameterSymbol || variable.DeclaringSyntaxReferences.Length == 0)
        {
            return -1;
        }

        var span = variable.DeclaringSyntaxReferences[0].Span;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].FullSpan.Contains(span))
            {
                return i;
            }
        }

        return -1;
    }

    public static ITypeSymbol TypeOf(ISymbol variable) => variable switch
    {
        IParameterSymbol p => p.Type,
        ILocalSymbol l => l.Type,
        _ => throw new System.ArgumentException("not a variable", nameof(variable)),
    };

    /// <summary>Nodes of a statement that belong to the method itself (not to nested lambdas or local functions).</summary>
    public static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode statement)
        => statement.DescendantNodesAndSelf(n => n == statement || !IsNestedFunction(n));

    public static bool IsNestedFunction(SyntaxNode node)
        => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    public static bool ContainsAwait(SyntaxNode statement)
        => OwnNodes(statement).Any(n => !IsNestedFunction(n) && n switch
        {
            AwaitExpressionSyntax => true,
            ForEachStatementSyntax f => f.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            ForEachVariableStatementSyntax f => f.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax u => u.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax d => d.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        });

    public static bool ContainsReturn(SyntaxNode statement)
        => OwnNodes(statement).Any(n => n is ReturnStatementSyntax && !IsNestedFunction(n));
}
