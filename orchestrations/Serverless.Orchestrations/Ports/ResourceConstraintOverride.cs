namespace Serverless.Orchestrations.Ports;

/// <summary>An overriding resource constraint: memory in MB (128–32768) and timeout in seconds (1–3600).</summary>
public sealed record ResourceConstraintOverride(int MemoryMb, int TimeoutSeconds);
