using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Api.Contracts;

namespace Serverless.Api.Http;

/// <summary>Writes an RFC 9457 problem details response (<c>application/problem+json</c>).</summary>
public sealed class ProblemResult : IResult
{
    /// <summary>The media type of problem details.</summary>
    public const string MediaType = "application/problem+json";

    private readonly IReadOnlyDictionary<string, string>? _headers;

    public ProblemResult(Problem problem, IReadOnlyDictionary<string, string>? headers = null)
    {
        Problem = problem;
        _headers = headers;
    }

    public Problem Problem { get; }

    /// <summary>A problem for a status with a title, a detail and the field it concerns.</summary>
    public static ProblemResult Create(HttpContext context, int status, string title, string detail, string? field = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = $"https://serverless-splitter.dev/problems/{status}";
        return new ProblemResult(new Problem(type, title, status, detail, context.Request.Path.Value, field), headers);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = Problem.Status;
        httpContext.Response.ContentType = MediaType;
        if (_headers is not null)
        {
            foreach (var (name, value) in _headers)
            {
                httpContext.Response.Headers[name] = value;
            }
        }

        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Problem, ApiJsonContext.Default.Problem, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
