using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Serverless.Api.Http;

/// <summary>
/// Reads a request body into its typed request record: media type, size and JSON syntax first (<see cref="JsonBody"/>),
/// then the source-generated contract; a contract violation becomes a problem naming the member.
/// </summary>
internal static class JsonRequest
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, int limitBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var document = await JsonBody.ReadObjectAsync(request, limitBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            return document.RootElement.Deserialize(typeInfo)
                ?? throw ApiProblemException.BadRequest("The body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            throw RequestProblems.From(ex, document.RootElement, typeInfo);
        }
    }
}
