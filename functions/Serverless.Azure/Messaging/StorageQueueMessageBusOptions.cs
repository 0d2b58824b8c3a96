namespace Serverless.Azure.Messaging;

/// <summary>How <see cref="StorageQueueMessageBus"/> polls and where it keeps large message bodies.</summary>
public sealed record StorageQueueMessageBusOptions
{
    /// <summary>Blob container for bodies whose envelope exceeds <see cref="InlineLimitBytes"/> (queue messages are at most 64 KiB).</summary>
    public string LargeMessageContainer { get; init; } = "splitbus-large";

    /// <summary>Envelopes (JSON with a Base64 body) up to this size go in the queue message itself.</summary>
    public int InlineLimitBytes { get; init; } = 48 * 1024;

    /// <summary>Wait after an empty receive; doubles up to <see cref="MaxPollInterval"/> while the queue stays empty.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message whose handler threw stays invisible before its redelivery.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    public void Validate()
    {
        if (InlineLimitBytes is < 1024 or > 60 * 1024)
        {
            throw new ArgumentException($"StorageQueueMessageBusOptions.InlineLimitBytes is {InlineLimitBytes}; it must be between 1024 and {60 * 1024} (queue messages are limited to 64 KiB).");
        }

        if (MinPollInterval <= TimeSpan.Zero || MaxPollInterval < MinPollInterval)
        {
            throw new ArgumentException($"StorageQueueMessageBusOptions poll intervals are {MinPollInterval}..{MaxPollInterval}; MinPollInterval must be positive and MaxPollInterval at least MinPollInterval.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"StorageQueueMessageBusOptions.RetryDelay is {RetryDelay}; it must not be negative.");
        }

        if (LargeMessageContainer is null || LargeMessageContainer.Length is < 3 or > 63 || !LargeMessageContainer.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"StorageQueueMessageBusOptions.LargeMessageContainer '{LargeMessageContainer}' is not a valid container name: use 3 to 63 lowercase letters, digits and hyphens.");
        }
    }
}
