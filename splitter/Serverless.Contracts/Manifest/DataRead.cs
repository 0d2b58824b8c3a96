namespace Serverless.Contracts.Manifest;

/// <summary>
/// Data a segment reads where it lives: <see cref="Bytes"/> from <see cref="Region"/>, the sum of the
/// <c>[DataSource]</c> methods the segment calls there (each counted once per segment).
/// </summary>
public sealed record DataRead(string Region, long Bytes);
