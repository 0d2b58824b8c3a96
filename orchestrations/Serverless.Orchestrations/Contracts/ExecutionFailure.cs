using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// Reads the segment's error from a failed <c>ExecutePlanOrchestrator</c> instance: the orchestration fails with a
/// task failure whose innermost failure carries the original exception type and message.
/// </summary>
public static class ExecutionFailure
{
    public static UnitError? From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? From(metadata.FailureDetails) : null;
    }

    public static UnitError? From(TaskFailureDetails? details)
    {
        if (details is null)
        {
            return null;
        }

        while (details.InnerFailure is { } inner)
        {
            details = inner;
        }

        return new UnitError(details.ErrorType, details.ErrorMessage);
    }
}
