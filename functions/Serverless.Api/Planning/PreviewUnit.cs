namespace Serverless.Api.Planning;

/// <summary>A unit of a plan: its id, its segment ids in source order, and its region.</summary>
public sealed record PreviewUnit(int Id, IReadOnlyList<int> Segments, string Region);
