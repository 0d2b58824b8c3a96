namespace Serverless.Api.Contracts;

/// <summary>
/// An RFC 9457 problem details body (<c>application/problem+json</c>); <see cref="Field"/> names the request member
/// that was wrong, when one was.
/// </summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string? Instance, string? Field);
