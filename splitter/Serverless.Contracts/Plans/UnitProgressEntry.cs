namespace Serverless.Contracts.Plans;

/// <summary>
/// One unit's progress: its <see cref="State"/> (<see cref="UnitStates"/>), the region and instance it runs or ran
/// on (the planned region before it starts), and its attempt (0 before the first).
/// </summary>
public sealed record UnitProgressEntry
{
    public required int Unit { get; init; }

    public required string State { get; init; }

    public required string Region { get; init; }

    public string? Instance { get; init; }

    public required int Attempt { get; init; }
}
