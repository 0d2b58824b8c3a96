using System.Text.Json;
using Serverless.Api.Planning;

namespace Serverless.Api.Execution;

/// <summary>
/// What to run: a registered function, its arguments as a JSON object by parameter name, the plan (null: the engine
/// plans) and the effective annotations the call runs under (memory and timeout of its units).
/// </summary>
public sealed record ExecutionSubmission(string FunctionId, JsonElement Arguments, PlanPreview? Plan, EffectiveAnnotations? Annotations = null)
{
    /// <summary>The caller's execution id (submit's <c>"id"</c>); null: the service makes one.</summary>
    public string? Id { get; init; }

    /// <summary>A digest of the request body: a second submit with the same id and digest is the same execution.</summary>
    public string? RequestHash { get; init; }

    /// <summary>Measured work per segment (ms; the function's profile): the engine's units are estimated with it where
    /// measured (the auction and re-plans price it), else with the static estimates.</summary>
    public IReadOnlyDictionary<int, double>? MeasuredWorkMs { get; init; }
}
