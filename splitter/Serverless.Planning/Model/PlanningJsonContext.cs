using System.Text.Json.Serialization;
using Serverless.Contracts.Plans;

namespace Serverless.Planning.Model;

/// <summary>
/// Source-generated System.Text.Json context for the planning contracts (camelCase; missing required members and
/// nulls in non-nullable members are errors that name the member).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(PlanRequest))]
[JsonSerializable(typeof(PlanEnvironment))]
[JsonSerializable(typeof(Plan))]
[JsonSerializable(typeof(PlanEvaluation))]
[JsonSerializable(typeof(FunctionGraph))]
public sealed partial class PlanningJsonContext : JsonSerializerContext;
