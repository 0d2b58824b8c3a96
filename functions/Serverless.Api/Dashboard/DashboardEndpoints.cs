using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serverless.Api.Http;

namespace Serverless.Api.Dashboard;

/// <summary>
/// The dashboard: one HTML page and its script and style, embedded in this assembly (nothing is fetched from the
/// internet), over the same HTTP API every other client uses. <c>serverless serve</c> maps it at <c>/</c>; the
/// Functions integration serves the same files from an HTTP trigger behind its auth level.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly FrozenDictionary<string, (string ContentType, byte[] Bytes)> Assets = Load();

    /// <summary>The names of the embedded assets (besides the page): <c>dashboard.js</c>, <c>dashboard.css</c>.</summary>
    public static IReadOnlyCollection<string> AssetNames => Assets.Keys.Where(k => k != "index.html").ToList();

    /// <summary>
    /// Maps the page at <paramref name="path"/> and its assets under <c>{path}dashboard/</c>, calling the API under
    /// <paramref name="apiPrefix"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapServerlessDashboard(this IEndpointRouteBuilder endpoints, string path = "/", string apiPrefix = "/api")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = path.EndsWith('/') ? path : path + "/";
        endpoints.MapGet(root, (HttpContext c) => Page(c, apiPrefix, root + "dashboard"));
        endpoints.MapGet(root + "dashboard/{asset}", (HttpContext c, string asset) => Asset(c, asset));
        return endpoints;
    }

    /// <summary>The page, its API base and asset base filled in.</summary>
    public static IResult Page(HttpContext context, string apiPrefix, string assetBase)
    {
        ArgumentNullException.ThrowIfNull(context);
        Secure(context.Response);
        var html = Encoding.UTF8.GetString(Assets["index.html"].Bytes)
            .Replace("{{api}}", apiPrefix.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{{assets}}", assetBase.TrimEnd('/'), StringComparison.Ordinal);
        return Results.Text(html, "text/html; charset=utf-8");
    }

    /// <summary>One asset by name, or a 404 problem naming the ones there are.</summary>
    public static IResult Asset(HttpContext context, string? asset)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (asset is null || asset == "index.html" || !Assets.TryGetValue(asset, out var file))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"The dashboard has no asset {Identifiers.Quote(asset)}; it has {string.Join(", ", AssetNames.Order(StringComparer.Ordinal))}.");
        }

        Secure(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static void Secure(HttpResponse response)
    {
        // Scripts and styles only from this origin; pictures are SVG blobs made from API answers.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static FrozenDictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        const string prefix = "Serverless.Api.Dashboard.";
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[file] = (type, copy.ToArray());
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
