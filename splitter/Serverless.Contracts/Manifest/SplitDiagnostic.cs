namespace Serverless.Contracts.Manifest;

/// <summary>A diagnostic of the analysis: stable id (<c>SPL0xx</c>), severity, 1-based line, and what to change.</summary>
public sealed record SplitDiagnostic(string Id, string Severity, int Line, string Message);

/// <summary>Severity names as the manifest writes them.</summary>
public static class DiagnosticSeverityNames
{
    /// <summary>The method cannot be split and runs as one unit.</summary>
    public const string Error = "error";

    /// <summary>The method is split, but something deserves attention.</summary>
    public const string Warning = "warning";
}
