namespace Serverless.Orchestrations.Market;

/// <summary>Result of <c>Reserve</c>: held until <see cref="ExpiresAt"/>, or refused with the reason (the capacity changed since the bid).</summary>
public sealed record InstanceReservation(bool Accepted, DateTimeOffset ExpiresAt, string? Reason);
