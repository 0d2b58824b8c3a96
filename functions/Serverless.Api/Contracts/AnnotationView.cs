using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Contracts;

/// <summary>
/// A function's annotations: compile-time attributes, run-time overrides, the effective result, and the ETag to send
/// in <c>If-Match</c> with the next update.
/// </summary>
public sealed record AnnotationView(
    string Function,
    string ETag,
    SplitAnnotations CompileTime,
    AnnotationOverrides Overrides,
    EffectiveAnnotations Effective);
