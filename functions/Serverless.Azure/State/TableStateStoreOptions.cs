namespace Serverless.Azure.State;

/// <summary>Where and how <see cref="TableStateStore"/> keeps values.</summary>
public sealed record TableStateStoreOptions
{
    /// <summary>The largest binary property Table Storage accepts (64 KiB).</summary>
    public const int MaxInlineLimitBytes = 64 * 1024;

    /// <summary>The table of values; partition = execution id, row = <c>{variable}@{unit}</c>.</summary>
    public string TableName { get; init; } = "splitstate";

    /// <summary>The blob container of values larger than <see cref="InlineLimitBytes"/> (claim check).</summary>
    public string ContainerName { get; init; } = "splitstate-large";

    /// <summary>Values up to this many bytes are stored in the table row; larger ones in a blob. At most 64 KiB.</summary>
    public int InlineLimitBytes { get; init; } = 32 * 1024;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting and its allowed range.</summary>
    public void Validate()
    {
        if (InlineLimitBytes is < 0 or > MaxInlineLimitBytes)
        {
            throw new ArgumentException($"TableStateStoreOptions.InlineLimitBytes is {InlineLimitBytes}; it must be between 0 and {MaxInlineLimitBytes} (the Table Storage binary property limit).");
        }

        if (TableName is null || TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(TableName[0]) || !TableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"TableStateStoreOptions.TableName '{TableName}' is not a valid table name: use 3 to 63 ASCII letters and digits, starting with a letter.");
        }

        if (ContainerName is null || ContainerName.Length is < 3 or > 63 || !ContainerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || ContainerName.StartsWith('-') || ContainerName.EndsWith('-') || ContainerName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"TableStateStoreOptions.ContainerName '{ContainerName}' is not a valid blob container name: use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
        }
    }
}
