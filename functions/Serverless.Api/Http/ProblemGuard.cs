using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Handlers;

namespace Serverless.Api.Http;

/// <summary>
/// What every handler shares: runs its body and turns a rejected request into an RFC 9457 problem (the status, title,
/// detail and field of the <see cref="ApiProblemException"/>), an unexpected failure into a 500 without a stack trace.
/// </summary>
internal static class ProblemGuard
{
    public static async Task<IResult> RunAsync(HttpContext context, ILogger logger, Func<CancellationToken, Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await handler(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApiProblemException ex)
        {
            return ProblemResult.Create(context, ex.Status, ex.Title, ex.Message, ex.Field);
        }
        catch (BadHttpRequestException ex)
        {
            return ProblemResult.Create(context, ex.StatusCode, "Bad request", $"The request could not be read: {ex.Message}", "body");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (Exception ex)
        {
            ApiLog.Unexpected(logger, ex, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            return ProblemResult.Create(
                context,
                StatusCodes.Status500InternalServerError,
                "Internal error",
                $"The server failed to handle the request (trace id {context.TraceIdentifier}). The details are in the server log; please report it.");
        }
    }

    /// <summary>A 405 problem naming the allowed methods.</summary>
    public static IResult MethodNotAllowed(HttpContext context, IReadOnlyList<string> allowed)
        => ProblemResult.Create(
            context,
            StatusCodes.Status405MethodNotAllowed,
            "Method not allowed",
            $"Method {context?.Request.Method} is not allowed on {context?.Request.Path}; use {string.Join(" or ", allowed)}.",
            "method",
            new Dictionary<string, string> { ["Allow"] = string.Join(", ", allowed) });
}
