using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Contracts;

/// <summary>A registered function in <c>GET /api/functions</c>: id, parameters, segment count and effective annotations.</summary>
public sealed record FunctionSummary(string Function, IReadOnlyList<SplitParameter> Parameters, string ReturnType, int Segments, EffectiveAnnotations Annotations);
