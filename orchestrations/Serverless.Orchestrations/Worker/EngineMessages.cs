using System.Text.Json;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Worker;

/// <summary>Work items and completions as bus messages: camelCase JSON body, id = idempotency key, trace context
/// also as the <c>traceparent</c>/<c>tracestate</c> properties.</summary>
public static class EngineMessages
{
    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";

    public static BusMessage ToMessage(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new BusMessage(item.IdempotencyKey, JsonSerializer.SerializeToUtf8Bytes(item, EngineJsonContext.Default.WorkItem), TraceProperties(item.TraceParent, item.TraceState));
    }

    public static BusMessage ToMessage(UnitCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        return new BusMessage(completed.IdempotencyKey + "/completed", JsonSerializer.SerializeToUtf8Bytes(completed, EngineJsonContext.Default.UnitCompleted), TraceProperties(completed.TraceParent, null));
    }

    /// <summary>Reads a work item; null (with the reason) when the body is not one.</summary>
    public static WorkItem? ReadWorkItem(BusMessage message, out string? error) => Read(message, EngineJsonContext.Default.WorkItem, out error);

    public static UnitCompleted? ReadCompletion(BusMessage message, out string? error) => Read(message, EngineJsonContext.Default.UnitCompleted, out error);

    private static T? Read<T>(BusMessage message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, out string? error)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var value = JsonSerializer.Deserialize(message.Body.Span, info);
            error = value is null ? "the body is JSON null" : null;
            return value;
        }
        catch (JsonException ex)
        {
            error = $"the body is not a {typeof(T).Name}: {ex.Message}";
            return null;
        }
    }

    private static Dictionary<string, string>? TraceProperties(string? traceParent, string? traceState)
    {
        if (traceParent is null)
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { [TraceParentProperty] = traceParent };
        if (!string.IsNullOrEmpty(traceState))
        {
            properties[TraceStateProperty] = traceState;
        }

        return properties;
    }
}
