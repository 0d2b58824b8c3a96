using System.Text.Json;
using Serverless.Orchestrations.Contracts;

namespace Serverless.Orchestrations.Activities;

/// <summary>Input of <see cref="StoreArgumentsActivity"/>.</summary>
public sealed record StoreArgumentsRequest(string ExecutionId, IReadOnlyDictionary<string, JsonElement> Arguments);

/// <summary>Input of <see cref="DispatchUnitsActivity"/>: a batch of work items, and (plan version 2 on, first dispatch
/// only) the call's arguments, stored before any item is sent. Null arguments are not written, so version 1's
/// recorded inputs stay byte for byte what they were.</summary>
public sealed record DispatchRequest(
    string ExecutionId,
    IReadOnlyList<WorkItem> Items,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, JsonElement>? Arguments = null);

/// <summary>Input of <see cref="ReadResultActivity"/>.</summary>
public sealed record ReadResultRequest(string ExecutionId, int Unit);

/// <summary>Input of the cleanup orchestrator: which execution, after how long.</summary>
public sealed record CleanupRequest(string ExecutionId, int RetentionSeconds);

/// <summary>Input of <see cref="RecordProfilesActivity"/>: measured units of one execution.</summary>
public sealed record ProfileBatch(string FunctionId, IReadOnlyList<UnitSample> Units);

/// <summary>
/// One measured unit: its segments, duration, the serialised size of each output, and the speed of the region it ran
/// in (its duration × speed is the reference work the planner's <c>work</c> is in; plan version 5 on, absent before,
/// which counts as 1).
/// </summary>
public sealed record UnitSample(
    IReadOnlyList<int> Segments,
    double DurationMs,
    IReadOnlyDictionary<string, int> OutputBytes,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Speed = null);
