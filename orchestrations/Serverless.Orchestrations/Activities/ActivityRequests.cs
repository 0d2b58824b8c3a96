using System.Text.Json;
using Serverless.Orchestrations.Contracts;

namespace Serverless.Orchestrations.Activities;

/// <summary>Input of <see cref="StoreArgumentsActivity"/>.</summary>
public sealed record StoreArgumentsRequest(string ExecutionId, IReadOnlyDictionary<string, JsonElement> Arguments);

/// <summary>Input of <see cref="DispatchUnitsActivity"/>: a batch of work items.</summary>
public sealed record DispatchRequest(string ExecutionId, IReadOnlyList<WorkItem> Items);

/// <summary>Input of <see cref="ReadResultActivity"/>.</summary>
public sealed record ReadResultRequest(string ExecutionId, int Unit);

/// <summary>Input of the cleanup orchestrator: which execution, after how long.</summary>
public sealed record CleanupRequest(string ExecutionId, int RetentionSeconds);

/// <summary>Input of <see cref="RecordProfilesActivity"/>: measured units of one execution.</summary>
public sealed record ProfileBatch(string FunctionId, IReadOnlyList<UnitSample> Units);

/// <summary>One measured unit: its segments, duration and the serialised size of each output.</summary>
public sealed record UnitSample(IReadOnlyList<int> Segments, double DurationMs, IReadOnlyDictionary<string, int> OutputBytes);
