using Serverless.Api.Planning;

namespace Serverless.Api.Contracts;

/// <summary>Analysis of a registered function: its manifest, effective annotations and the plan it would get now.</summary>
public sealed record AnalyzeFunctionResponse(FunctionManifest Manifest, EffectiveAnnotations Annotations, PlanPreview Plan);
