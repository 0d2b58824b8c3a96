using System.Text.Json.Serialization;

namespace Serverless.Api.Requests;

/// <summary>
/// Source-generated reading of the request bodies: camelCase, case-sensitive, unknown and repeated members rejected,
/// <c>required</c> members and non-nullable references enforced.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(AnnotationUpdateRequest))]
[JsonSerializable(typeof(AnalyzeRequest))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(SubmitRequest))]
internal sealed partial class RequestJsonContext : JsonSerializerContext
{
}
