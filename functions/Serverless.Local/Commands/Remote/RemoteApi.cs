using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Serverless.Local.Commands.Remote;

/// <summary>
/// The HTTP API of a running <c>serverless serve</c> or Functions app, as the remote commands call it: the base from
/// <c>--url</c> (with or without <c>/api</c>), the key from <c>--key</c> or <c>SERVERLESS_API_KEY</c> sent as
/// <c>x-functions-key</c>. A problem answer becomes a <see cref="RemoteProblemException"/> with the server's detail.
/// </summary>
public sealed class RemoteApi : IDisposable
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    private readonly HttpClient _http;

    private RemoteApi(Uri root, string? key)
    {
        Root = root;
        _http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(key))
        {
            _http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The API's root, ending in <c>/api/</c>.</summary>
    public Uri Root { get; }

    /// <summary>The API at <paramref name="url"/> (http or https; <c>/api</c> is added unless the path already ends in it).</summary>
    public static RemoteApi Open(string? url, string? key)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException("--url needs the API's address, such as http://127.0.0.1:7071 (serve) or https://<app>.azurewebsites.net");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url: '{url}' is not an http or https address such as http://127.0.0.1:7071");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        var root = new UriBuilder(uri) { Path = (path.EndsWith("/api", StringComparison.Ordinal) ? path : path + "/api") + "/", Query = string.Empty }.Uri;
        return new RemoteApi(root, key ?? Environment.GetEnvironmentVariable(ServeCommand.ApiKeyVariable));
    }

    /// <summary>Sends a request; returns the status and the JSON body (or null when there is none).</summary>
    public async Task<(HttpStatusCode Status, JsonElement? Body)> SendAsync(HttpMethod method, string path, string? json = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var (status, body, _) = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
        return (status, body);
    }

    /// <summary>One page of <c>GET executions</c>: its items and the continuation token of the next page, if any.</summary>
    public async Task<(IReadOnlyList<JsonElement> Items, string? Next)> ListPageAsync(string path, string? continuation, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (continuation is not null)
        {
            request.Headers.TryAddWithoutValidation(ContinuationHeader, continuation);
        }

        var (_, body, next) = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
        return (body is { ValueKind: JsonValueKind.Array } items ? [.. items.EnumerateArray()] : [], next);
    }

    private async Task<(HttpStatusCode Status, JsonElement? Body, string? Continuation)> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteProblemException(null, $"cannot reach {Root}: {ex.Message}. Is the API running there (serverless serve, or the Functions app)?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteProblemException(null, $"{Root} did not answer within {_http.Timeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonElement? body = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.Ordinal))
            {
                try
                {
                    body = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw new RemoteProblemException(response.StatusCode, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} with JSON that does not parse.");
                }
            }

            if ((int)response.StatusCode >= 400)
            {
                var detail = body is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("detail", out var d) ? d.GetString() : text;
                throw new RemoteProblemException(response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
            }

            var next = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
            return (response.StatusCode, body, next);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The API refused a request (its problem's detail), or could not be reached.</summary>
public sealed class RemoteProblemException(HttpStatusCode? status, string message) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}
