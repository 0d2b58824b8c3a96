using Microsoft.Extensions.Logging;

namespace Serverless.Api.Handlers;

/// <summary>The API's log events (stable ids 8001–8099).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Annotations of {Function} updated (ETag {ETag})")]
    public static partial void AnnotationsUpdated(ILogger logger, string function, string eTag);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "{Function} deployed to {Regions} region(s)")]
    public static partial void Deployed(ILogger logger, string function, int regions);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "{Function} submitted as execution {ExecutionId}")]
    public static partial void Submitted(ILogger logger, string function, string executionId);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Execution {ExecutionId} {Action} (runtime status now {RuntimeStatus})")]
    public static partial void Managed(ILogger logger, string executionId, string action, string runtimeStatus);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Measured profiles of {Function} could not be read; planning with static estimates")]
    public static partial void ProfilesUnavailable(ILogger logger, Exception exception, string function);
}
