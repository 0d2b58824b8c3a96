using System.Text.RegularExpressions;

namespace Serverless.Infra.Tests;

/// <summary>The outcome of one Bicep CLI invocation.</summary>
public sealed partial record BicepRun(string Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostic lines (`file(line,col) : Warning|Error CODE: message`) from either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => DiagnosticLine().IsMatch(line))
            .ToList();

    /// <summary>True when the CLI exited with 0 and reported no warning or error: warnings count as failures.</summary>
    public bool IsClean => ExitCode == 0 && Diagnostics.Count == 0;

    public string Describe() =>
        $"bicep {Arguments} exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    [GeneratedRegex(@"\(\d+,\d+\)\s*:\s*(Warning|Error|Info)\s", RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosticLine();
}
