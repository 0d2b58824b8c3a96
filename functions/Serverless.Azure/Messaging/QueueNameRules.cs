namespace Serverless.Azure.Messaging;

/// <summary>Queue name rules shared by the Azure buses (validation, dead-letter naming); the engine's queue names are <c>Serverless.Contracts.Plans.QueueNames</c>.</summary>
internal static class QueueNameRules
{
    public const string PoisonSuffix = "-poison";

    /// <summary>Storage queue names: 3–63 lowercase letters, digits, single hyphens; leaves room for <c>-poison</c>.</summary>
    public static void ValidateStorageQueue(string queue)
    {
        const int max = 63 - 7;
        if (string.IsNullOrEmpty(queue) || queue.Length is < 3 or > max
            || !queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || queue[0] == '-' || queue[^1] == '-' || queue.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{queue}' is not a valid Storage queue name for this bus: use 3 to {max} lowercase letters, digits and single hyphens, starting and ending with a letter or digit ('{PoisonSuffix}' is appended for dead letters).", nameof(queue));
        }
    }

    public static void ValidateNotEmpty(string queue)
    {
        if (string.IsNullOrWhiteSpace(queue))
        {
            throw new ArgumentException("The queue name is empty; pass the name of the queue to use.", nameof(queue));
        }
    }

    /// <summary>The dead-letter reason for a handler failure, capped so the dead-lettered copy still fits a queue message.</summary>
    public static string HandlerFailed(Exception ex, int deliveries, int max)
    {
        var reason = $"The handler failed on delivery {deliveries} of at most {max}: {ex.GetType().FullName}: {ex.Message}";
        return reason.Length <= 4096 ? reason : reason[..4093] + "...";
    }
}
