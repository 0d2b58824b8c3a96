using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Options;
using Serverless.Api.Http;

namespace Serverless.Api.Analysis;

/// <summary>
/// What one analysis of submitted source may cost: a nesting depth checked on the parse tree before anything is bound,
/// a time limit that cancels the analysis, and a limit on analyses at once (the next one is told to come back).
/// Over budget the request is refused with a problem naming the limit; nothing else waits on it.
/// </summary>
public sealed class AnalysisBudget : IDisposable
{
    /// <summary>Seconds a caller refused for saturation should wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly ServerlessApiOptions _options;
    private readonly SemaphoreSlim _slots;

    public AnalysisBudget(IOptions<ServerlessApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentAnalyses));
    }

    /// <summary>
    /// Runs <paramref name="analyze"/> on <paramref name="source"/> within the budget: 422 when the source nests deeper
    /// than allowed or the analysis outlives its time limit, 503 (with <c>Retry-After</c>) when every slot is taken.
    /// </summary>
    public async Task<T> RunAsync<T>(HttpContext context, string source, Func<CancellationToken, T> analyze, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(analyze);
        var depth = NestingDepth(source, _options.AnalysisMaxNestingDepth, cancellationToken);
        if (depth > _options.AnalysisMaxNestingDepth)
        {
            throw ApiProblemException.Invalid(
                $"'source' nests deeper than {_options.AnalysisMaxNestingDepth} levels (parentheses, lambdas, blocks, …); flatten the expression or split the method.",
                "source");
        }

        if (!await _slots.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ApiProblemException(
                503,
                "Service unavailable",
                $"{_options.MaxConcurrentAnalyses} analyses of submitted source are already running; try again in {RetryAfterSeconds} s.",
                "source");
        }

        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.AnalysisTimeLimit);
            try
            {
                // Off the request's thread, so that a long analysis holds a slot, not the server.
                return await Task.Run(() => analyze(limit.Token), limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw ApiProblemException.Invalid(
                    $"Analysing 'source' took longer than its limit of {_options.AnalysisTimeLimit.TotalSeconds:0.#} s and was stopped; simplify the method (fewer nested lambdas or overloads) or split the file.",
                    "source");
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// The deepest nesting in <paramref name="source"/>, without binding: the larger of the bracket depth the lexer sees
    /// (<c>( [ {</c>; the parser gives up on very deep expressions and would hide them) and the depth of the parse tree
    /// (lambdas, generic arguments, nested statements), counted without recursion; stops once past <paramref name="limit"/>.
    /// </summary>
    public static int NestingDepth(string source, int limit, CancellationToken cancellationToken = default)
    {
        var text = source ?? string.Empty;
        int brackets = 0, deepest = 0;
        foreach (var token in SyntaxFactory.ParseTokens(text))
        {
            switch (token.Kind())
            {
                case SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken or SyntaxKind.OpenBraceToken:
                    if (++brackets > deepest && (deepest = brackets) > limit)
                    {
                        return deepest;
                    }

                    break;
                case SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken or SyntaxKind.CloseBraceToken:
                    brackets = Math.Max(0, brackets - 1);
                    break;
            }
        }

        var root = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken).GetRoot(cancellationToken);
        var stack = new Stack<(SyntaxNode Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > deepest && (deepest = depth) > limit)
            {
                return deepest;
            }

            foreach (var child in node.ChildNodes())
            {
                stack.Push((child, depth + 1));
            }
        }

        return deepest;
    }

    public void Dispose() => _slots.Dispose();
}
