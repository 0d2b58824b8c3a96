using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Serverless.Splitting.Generator;

/// <summary>
/// Rewrites the method's own <c>return</c> statements (not those of lambdas or local functions) into
/// "remember the value and jump to the segment's exit", so an executor can report that the method returned.
/// </summary>
internal sealed class ReturnRewriter : CSharpSyntaxRewriter
{
    public const string ValueVariable = "__split_value";
    public const string ExitLabel = "__split_return";

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;

    public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
    {
        var jump = SyntaxFactory.GotoStatement(SyntaxKind.GotoStatement, SyntaxFactory.IdentifierName(ExitLabel));
        BlockSyntax block = node.Expression is null
            ? SyntaxFactory.Block(jump)
            : SyntaxFactory.Block(
                SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(ValueVariable), node.Expression.WithoutTrivia())),
                jump);
        return block.NormalizeWhitespace().WithTriviaFrom(node);
    }
}
