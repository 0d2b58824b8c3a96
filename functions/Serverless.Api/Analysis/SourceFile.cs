namespace Serverless.Api.Analysis;

/// <summary>One submitted C# file: a display path and its text.</summary>
public sealed record SourceFile(string Path, string Text);
