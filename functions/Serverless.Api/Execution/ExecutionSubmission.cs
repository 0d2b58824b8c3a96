using System.Text.Json;
using Serverless.Api.Planning;

namespace Serverless.Api.Execution;

/// <summary>What to run: a registered function, its arguments as a JSON object by parameter name, and the plan (null: the engine plans).</summary>
public sealed record ExecutionSubmission(string FunctionId, JsonElement Arguments, ExecutionPlan? Plan);
