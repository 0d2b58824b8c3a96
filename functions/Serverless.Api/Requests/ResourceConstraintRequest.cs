namespace Serverless.Api.Requests;

/// <summary>A resource constraint override as sent: memory in MB and timeout in seconds, both required.</summary>
internal sealed record ResourceConstraintRequest
{
    public const int MinMemoryMb = 128;
    public const int MaxMemoryMb = 32768;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 3600;

    public required int MemoryMb { get; init; }

    public required int TimeoutSeconds { get; init; }
}
