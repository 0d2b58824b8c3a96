using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations.Observability;

/// <summary>Log messages of the orchestrator and activities (event ids 6000–6099).</summary>
public static partial class EngineLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Execution {ExecutionId} of {FunctionId} started with {Units} units (generation {Generation})")]
    public static partial void ExecutionStarted(ILogger logger, string executionId, string functionId, int units, int generation);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Execution {ExecutionId}: dispatching {Count} units")]
    public static partial void Dispatching(ILogger logger, string executionId, int count);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: unit {Unit} attempt {Attempt} failed ({ErrorType}: {ErrorMessage}); retrying in {DelayMs} ms in {Region}")]
    public static partial void Retrying(ILogger logger, string executionId, int unit, int attempt, string errorType, string errorMessage, int delayMs, string region);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Execution {ExecutionId}: unit {Unit} failed after {Attempts} attempts: {ErrorType}: {ErrorMessage}")]
    public static partial void UnitFailed(ILogger logger, string executionId, int unit, int attempts, string errorType, string errorMessage);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Execution {ExecutionId}: unit {Unit} returned early; {Skipped} units skipped")]
    public static partial void ReturnedEarly(ILogger logger, string executionId, int unit, int skipped);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Execution {ExecutionId} failed; running segments {Segments}, which come before the failure in source order and never ran, to report what the direct call would")]
    public static partial void Probing(ILogger logger, string executionId, string segments);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Execution {ExecutionId}: unit {Unit} attempt {Attempt} moved from {FromRegion} to {ToRegion} ({Reason}); estimated finish {OldEstimateMs} ms planned, {NewEstimateMs} ms now")]
    public static partial void Replanned(ILogger logger, string executionId, int unit, int attempt, string fromRegion, string toRegion, string reason, double oldEstimateMs, double newEstimateMs);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Execution {ExecutionId} completed: {Units} units run, {Skipped} skipped")]
    public static partial void ExecutionCompleted(ILogger logger, string executionId, int units, int skipped);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Execution {ExecutionId}: ignored completion of unit {Unit} attempt {Attempt} ({Reason})")]
    public static partial void CompletionIgnored(ILogger logger, string executionId, int unit, int attempt, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Execution {ExecutionId}: continuing as new after {Completions} completions (generation {Generation})")]
    public static partial void ContinuingAsNew(ILogger logger, string executionId, int completions, int generation);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Stored {Count} arguments of execution {ExecutionId}")]
    public static partial void ArgumentsStored(ILogger logger, string executionId, int count);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug, Message = "Dispatched {Count} work items of execution {ExecutionId}")]
    public static partial void Dispatched(ILogger logger, string executionId, int count);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: unit {Unit} attempt {Attempt} not dispatched to {Region}: {Reason}")]
    public static partial void NotDeployed(ILogger logger, string executionId, int unit, int attempt, string region, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Cleaned up {Count} values of execution {ExecutionId}")]
    public static partial void CleanedUp(ILogger logger, string executionId, int count);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Debug, Message = "Recorded {Count} profile samples of {FunctionId}")]
    public static partial void ProfilesRecorded(ILogger logger, string functionId, int count);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Information, Message = "Execution {ExecutionId}: re-planned the rest after unit {Unit} moved: {Replaced} units re-placed ({Moves}); makespan estimate {OldMakespanMs:F0} ms planned, {NewMakespanMs:F0} ms re-planned ({KeptMakespanMs:F0} ms had they stayed)")]
    public static partial void RemainderReplanned(ILogger logger, string executionId, int unit, int replaced, string moves, double oldMakespanMs, double newMakespanMs, double keptMakespanMs);
}
