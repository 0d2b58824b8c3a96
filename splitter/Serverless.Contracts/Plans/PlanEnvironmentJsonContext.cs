using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>
/// Source-generated System.Text.Json context for the regions JSON, with the planner's options: camelCase; missing
/// required members and nulls in non-nullable members are errors that name the member; unknown members are skipped.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(PlanEnvironment))]
internal sealed partial class PlanEnvironmentJsonContext : JsonSerializerContext;
