using System.Globalization;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting;

/// <summary>
/// A diagnostic kind of the analysis: stable id, title, message format (<see cref="string.Format(string, object[])"/>
/// placeholders, as Roslyn's <c>DiagnosticDescriptor</c> takes them) and severity name.
/// </summary>
public sealed record SplitDiagnosticDescriptor(string Id, string Title, string MessageFormat, string Severity)
{
    /// <summary>Creates a diagnostic of this kind at a 1-based line.</summary>
    public SplitDiagnostic Create(int line, params object[] args) =>
        new(Id, Severity, line, string.Format(CultureInfo.InvariantCulture, MessageFormat, args));
}
