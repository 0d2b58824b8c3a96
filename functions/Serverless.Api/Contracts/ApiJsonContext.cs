using System.Text.Json.Serialization;
using Serverless.Api.Execution;
using Serverless.Api.Planning;

namespace Serverless.Api.Contracts;

/// <summary>Source-generated JSON metadata of every API contract (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, MaxDepth = 64)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(AnnotationView))]
[JsonSerializable(typeof(AnalyzeFunctionResponse))]
[JsonSerializable(typeof(AnalyzeSourceResponse))]
[JsonSerializable(typeof(DeployResponse))]
[JsonSerializable(typeof(FunctionDeployments))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(FunctionList))]
[JsonSerializable(typeof(ExecutionState))]
[JsonSerializable(typeof(IReadOnlyList<ExecutionSummary>))]
[JsonSerializable(typeof(PurgeResponse))]
[JsonSerializable(typeof(PlanPreview))]
[JsonSerializable(typeof(MarketSnapshot))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
}
