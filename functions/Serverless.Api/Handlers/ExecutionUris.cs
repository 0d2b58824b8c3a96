using Microsoft.AspNetCore.Http;
using Serverless.Api.Contracts;

namespace Serverless.Api.Handlers;

/// <summary>
/// The management URIs of an execution, absolute and under the same prefix as the request (<c>/api</c>): status,
/// terminate, suspend, resume and purge, as Durable Functions names them.
/// </summary>
internal static class ExecutionUris
{
    /// <summary>Seconds a poller should wait before asking again (<c>Retry-After</c>).</summary>
    public const int RetryAfterSeconds = 1;

    public static string Status(HttpRequest request, string id) => $"{Base(request)}/execution/{Uri.EscapeDataString(id)}";

    public static SubmitResponse Payload(HttpRequest request, string id)
    {
        var status = Status(request, id);
        return new SubmitResponse(id, status, status + "/terminate?reason={text}", status + "/suspend?reason={text}", status + "/resume?reason={text}", status);
    }

    /// <summary>Sets <c>Location</c> to the status URI and <c>Retry-After</c>.</summary>
    public static void SetPolling(HttpContext context, string id)
    {
        context.Response.Headers.Location = Status(context.Request, id);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Base(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var at = path.IndexOf("/execution", StringComparison.OrdinalIgnoreCase);
        var prefix = at >= 0 ? path[..at] : "/api";
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}";
    }
}
