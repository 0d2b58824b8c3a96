using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;

namespace Serverless.Local.Engine;

/// <summary>How an execution ended on the embedded engine: its result, or the segment's error.</summary>
public sealed record ExecutionOutcome(string InstanceId, OrchestrationRuntimeStatus Status, ExecutionResult? Result, UnitError? Error);
