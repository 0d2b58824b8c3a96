namespace Serverless.Local.Demo;

/// <summary>A unit of an execution started on a worker (<see cref="Finished"/> false) or reported back (true).</summary>
internal sealed record UnitProgress(string ExecutionId, int UnitId, int Attempt, string Region, string? Instance, bool Finished, bool Succeeded, double DurationMs, double WaitedMs);
