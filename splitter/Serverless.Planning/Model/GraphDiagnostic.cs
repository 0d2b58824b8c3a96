namespace Serverless.Planning.Model;

/// <summary>A diagnostic of the analysis (<c>SPL0xx</c>); any <c>error</c> makes the function run as one unit.</summary>
public sealed record GraphDiagnostic(string Id, string Severity, int Line = 0, string? Message = null);
