namespace Serverless.Api.Contracts;

/// <summary>The manifests of submitted source, like <c>serverless analyze</c>.</summary>
public sealed record AnalyzeSourceResponse(IReadOnlyList<FunctionManifest> Functions);
