using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>Source-generated System.Text.Json metadata for the engine's contracts (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecutionPlan))]
[JsonSerializable(typeof(ExecutionResult))]
[JsonSerializable(typeof(WorkItem))]
[JsonSerializable(typeof(UnitCompleted))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
