namespace Serverless.Api.Visuals;

/// <summary>What the pictures show: a function's units (segments, region, instance, timing) and the edges between them.</summary>
public sealed record ExecutionPicture(string Function, IReadOnlyList<PictureUnit> Units, IReadOnlyList<PictureEdge> Edges);

/// <summary>A unit as drawn. Timing and instance are null for a plan that has not run.</summary>
public sealed record PictureUnit(int Id, IReadOnlyList<int> Segments, string Region, string? Instance = null, double? StartMs = null, double? EndMs = null, int Attempts = 1);

/// <summary>An edge between units with the variables it carries (empty for control/order edges).</summary>
public sealed record PictureEdge(int From, int To, IReadOnlyList<string> Variables);
