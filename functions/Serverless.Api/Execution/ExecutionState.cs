using System.Text.Json;
using Serverless.Api.Planning;
using Serverless.Contracts.Plans;

namespace Serverless.Api.Execution;

/// <summary>
/// An execution as <c>GET /api/execution/{id}</c> reports it: status (see <see cref="ExecutionStatuses"/>), plan,
/// per-unit timeline, measured cost, and the result (JSON) or error once it has ended; with the Durable runtime
/// status, its times and the orchestrator's custom status (live per-unit progress).
/// </summary>
public sealed record ExecutionState(
    string Id,
    string Function,
    string Status,
    PlanPreview? Plan,
    IReadOnlyList<UnitTimelineEntry> Units,
    PlanCost? Cost,
    JsonElement? Result,
    ExecutionError? Error)
{
    private readonly string? _runtimeStatus;

    /// <summary>The Durable runtime status name (<see cref="RuntimeStatuses"/>); by default the one <see cref="Status"/> stands for.</summary>
    public string RuntimeStatus
    {
        get => _runtimeStatus ?? RuntimeStatuses.FromStatus(Status);
        init => _runtimeStatus = value;
    }

    /// <summary>When the execution was created.</summary>
    public DateTimeOffset? CreatedTime { get; init; }

    /// <summary>When its state last changed.</summary>
    public DateTimeOffset? LastUpdatedTime { get; init; }

    /// <summary>The orchestrator's custom status: <c>{"units":[{"unit","state","region","instance","attempt"}],"replans":[…]}</c> (replans from plan version 4 on), or null.</summary>
    public JsonElement? CustomStatus { get; init; }
}
