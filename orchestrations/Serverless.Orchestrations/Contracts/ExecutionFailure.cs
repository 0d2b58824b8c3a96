using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;

namespace Serverless.Orchestrations.Contracts;

/// <summary>
/// Reads the segment's error from a failed <c>ExecutePlanOrchestrator</c> instance: the orchestration fails with a
/// task failure whose innermost failure carries the original exception type and message. A backend that keeps no
/// failure details (DTFx Azure Storage behind the sidecar keeps them as the instance's output) is read from the output.
/// </summary>
public static class ExecutionFailure
{
    public static UnitError? From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return null;
        }

        return From(metadata.FailureDetails) ?? FromProgress(metadata.SerializedCustomStatus) ?? FromOutput(metadata.SerializedOutput);
    }

    /// <summary>The <see cref="ExecutionProgress.Failure"/> of a serialized custom status; null when it has none.</summary>
    public static UnitError? FromProgress(string? customStatus)
    {
        if (string.IsNullOrWhiteSpace(customStatus))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ExecutionProgress>(customStatus, ProgressJson)?.Failure;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions ProgressJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The innermost failure of serialized failure details (<c>{"ErrorType":…,"ErrorMessage":…,"InnerFailure":…}</c>,
    /// any letter case), or a JSON or plain string as the message; null when there is nothing.</summary>
    public static UnitError? FromOutput(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(output);
            var element = document.RootElement;
            if (element.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return new UnitError("unknown", element.GetString() ?? string.Empty);
            }

            if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return new UnitError("unknown", output);
            }

            while (Property(element, "InnerFailure") is { ValueKind: System.Text.Json.JsonValueKind.Object } inner)
            {
                element = inner;
            }

            var type = Property(element, "ErrorType")?.GetString();
            var message = Property(element, "ErrorMessage")?.GetString();
            return type is null && message is null ? new UnitError("unknown", output) : new UnitError(type ?? "unknown", message ?? string.Empty);
        }
        catch (System.Text.Json.JsonException)
        {
            return new UnitError("unknown", output);
        }
    }

    private static System.Text.Json.JsonElement? Property(System.Text.Json.JsonElement element, string name)
    {
        foreach (var p in element.EnumerateObject())
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                return p.Value;
            }
        }

        return null;
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
