using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Serverless.Api.Http;

/// <summary>
/// Requires <c>x-functions-key</c> to equal the configured key on every <c>/api</c> request (the Functions host's
/// convention); 401 problem otherwise. Used by <c>serverless serve</c> when <c>SERVERLESS_API_KEY</c> is set.
/// </summary>
public sealed class ApiKeyMiddleware
{
    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "x-functions-key";

    private readonly RequestDelegate _next;
    private readonly byte[] _key;

    public ApiKeyMiddleware(RequestDelegate next, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _next = next;
        _key = Encoding.UTF8.GetBytes(key);
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var given = context.Request.Headers[HeaderName];
        if (given.Count == 1 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.ToString()), _key))
        {
            return _next(context);
        }

        return ProblemResult.Create(
            context,
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            $"Send the API key in the '{HeaderName}' header (the value of SERVERLESS_API_KEY on the server).",
            HeaderName).ExecuteAsync(context);
    }
}
