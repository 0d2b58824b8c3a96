using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Serverless.Api.Http;

/// <summary>Reads a request body as one JSON object: media type, size limit and syntax checked, in that order.</summary>
internal static class JsonBody
{
    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            throw new ApiProblemException(
                415,
                "Unsupported media type",
                $"The body must be JSON: send 'Content-Type: application/json' (got {Identifiers.Quote(request.ContentType ?? "no Content-Type")}).",
                "Content-Type");
        }

        if (request.ContentLength > limitBytes)
        {
            throw TooLarge(limitBytes);
        }

        var buffer = new byte[Math.Min(limitBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limitBytes)
                {
                    throw TooLarge(limitBytes);
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limitBytes + 1));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > limitBytes)
        {
            throw TooLarge(limitBytes);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadRequest($"The body is not valid JSON: {ex.Message} Send one JSON object.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw ApiProblemException.BadRequest($"The body must be a JSON object, not {Describe(kind)}.");
        }

        return document;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static bool IsJson(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType.Value ?? string.Empty;
        var charset = parsed.Charset.Value;
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        return isJson && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static ApiProblemException TooLarge(int limitBytes)
        => new(413, "Payload too large", $"The body exceeds this endpoint's limit of {limitBytes} bytes. Send a smaller body.", "body");
}
