using System;
using System.Collections.Generic;

namespace Serverless.Contracts.Plans;

/// <summary>How one unit ran: region and instance of the successful attempt, attempts used, start and end.</summary>
public sealed record UnitRun
{
    public required int Id { get; init; }

    public required IReadOnlyList<int> Segments { get; init; }

    public required string Region { get; init; }

    public string? Instance { get; init; }

    public required int Attempts { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public double DurationMs { get; init; }

    public IReadOnlyDictionary<string, int> OutputBytes { get; init; } = new Dictionary<string, int>();
}
