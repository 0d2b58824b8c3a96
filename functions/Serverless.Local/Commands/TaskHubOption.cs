namespace Serverless.Local.Commands;

/// <summary>`--task-hub NAME` of `serve` and `worker`: the DTFx task hub, and the prefix of the engine's queues.</summary>
public static class TaskHubOption
{
    /// <summary>The name, checked as DTFx and Storage Queues need it (3–45 letters or digits, starting with a letter).</summary>
    public static string Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"--task-hub needs a name (3 to 45 letters or digits, starting with a letter; default '{ServeSettings.DefaultTaskHub}')");
        }

        if (value.Length is < 3 or > 45 || !char.IsAsciiLetter(value[0]) || !value.All(char.IsAsciiLetterOrDigit))
        {
            throw new UsageException($"--task-hub '{value}' is invalid: use 3 to 45 letters or digits, starting with a letter");
        }

        return value;
    }
}
