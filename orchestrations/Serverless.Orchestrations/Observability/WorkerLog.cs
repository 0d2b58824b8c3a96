using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations.Observability;

/// <summary>Log messages of the regional worker and the completion consumer (event ids 6100–6199).</summary>
public static partial class WorkerLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Regional worker {Region} consuming {Queue}")]
    public static partial void WorkerStarted(ILogger logger, string region, string queue);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "Unit {Key} already completed; re-sending its completion")]
    public static partial void AttemptAlreadyCompleted(ILogger logger, string key);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Unit {Key} ran in {DurationMs} ms in {Region}")]
    public static partial void UnitSucceeded(ILogger logger, string key, double durationMs, string region);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Unit {Key} failed: {ErrorType}: {ErrorMessage}")]
    public static partial void UnitFailed(ILogger logger, string key, string errorType, string errorMessage);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Unit {Key} exceeded its timeout of {TimeoutSeconds} s and was abandoned")]
    public static partial void UnitTimedOut(ILogger logger, string key, int timeoutSeconds);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Unit {Key}: output {Variable} already held a different value; the stored value is kept")]
    public static partial void OutputConflict(ILogger logger, string key, string variable);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Unreadable message {MessageId} on {Queue} dropped: {Reason}")]
    public static partial void PoisonMessage(ILogger logger, string messageId, string queue, string reason);

    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Completion consumer consuming {Queue}")]
    public static partial void ConsumerStarted(ILogger logger, string queue);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Debug, Message = "Completion {Key} ignored: {Reason}")]
    public static partial void CompletionIgnored(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Debug, Message = "Completion {Key} raised on instance {InstanceId}")]
    public static partial void CompletionRaised(ILogger logger, string key, string instanceId);
}
