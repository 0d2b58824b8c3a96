using System.Text.Json;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;

namespace Serverless.Api.Execution;

/// <summary>
/// An execution as <c>GET /api/execution/{id}</c> reports it: status (see <see cref="ExecutionStatuses"/>), plan,
/// per-unit timeline, measured cost, and the result (JSON) or error once it has ended.
/// </summary>
public sealed record ExecutionState(
    string Id,
    string Function,
    string Status,
    PlanPreview? Plan,
    IReadOnlyList<UnitTimelineEntry> Units,
    PlanCost? Cost,
    JsonElement? Result,
    ExecutionError? Error);
