using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Serverless.Contracts.Manifest;
using Serverless.Splitting;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless analyze &lt;file.cs&gt;... [--method Namespace.Type.Method] [--indented]`: prints the split manifest
/// (<c>{"functions":[…]}</c>) of the [Splitable] methods in the files. Exit 0 when the files were read and parsed
/// (C# and SPL problems are diagnostics), 2 for bad arguments or unreadable files.
/// </summary>
public sealed class AnalyzeCommand : ICliCommand
{
    private const int MaxReportedErrors = 20;

    public string Name => "analyze";

    public string Summary => "split [Splitable] methods of C# files and print their dependency graphs as JSON";

    public string Usage => "serverless analyze <file.cs>... [--method <Namespace.Type.Method>] [--indented] [--output text|json]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var files = new List<string>();
        string? method = null;
        var indented = false;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--method":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException("--method needs a value: the fully qualified method, e.g. --method Demo.Images.Process");
                    }

                    if (method is not null)
                    {
                        throw new UsageException("--method may be given once");
                    }

                    method = args[++i];
                    break;
                case "--indented":
                    indented = true;
                    break;
                default:
                    if (a.StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"unknown option '{a}'");
                    }

                    files.Add(a);
                    break;
            }
        }

        if (files.Count == 0)
        {
            throw new UsageException("give at least one C# file to analyse");
        }

        var sources = new List<(string Path, string Text)>();
        foreach (var f in files)
        {
            var (text, error) = await ReadAsync(f).ConfigureAwait(false);
            if (error is not null)
            {
                await stderr.WriteLineAsync($"serverless analyze: cannot read '{f}': {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            sources.Add((f, text!));
        }

        var analysis = SplitAnalyzer.AnalyzeSourcesDetailed(sources);
        var graphs = analysis.Graphs;
        if (method is not null)
        {
            graphs = [.. graphs.Where(g => string.Equals(g.Function, method, StringComparison.Ordinal))];
            if (graphs.Count == 0)
            {
                var found = analysis.Graphs.Count == 0 ? "none" : string.Join(", ", analysis.Graphs.Select(g => g.Function));
                await stderr.WriteLineAsync($"serverless analyze: no [Splitable] method '{method}' in the given files (found: {found}). Pass --method the containing type's full name plus the method name.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        await ReportOtherErrorsAsync(analysis, stderr).ConfigureAwait(false);
        if (analysis.Graphs.Count == 0)
        {
            await stderr.WriteLineAsync("serverless analyze: no [Splitable] methods found; mark a method with [Serverless.Annotations.Splitable].").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(ManifestJson.Write(graphs, indented)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<(string? Text, string? Error)> ReadAsync(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return (null, "it is a directory; pass the .cs files in it");
            }

            if (!File.Exists(path))
            {
                return (null, "no such file");
            }

            return (await File.ReadAllTextAsync(path, Encoding.UTF8).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException or NotSupportedException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>C# errors outside the [Splitable] methods go to stderr (errors inside them are SPL008 diagnostics).</summary>
    private static async Task ReportOtherErrorsAsync(SourceAnalysis analysis, TextWriter stderr)
    {
        var outside = analysis.CompilerErrors
            .Where(d => d.Location.IsInSource && !analysis.Graphs.Any(g => Contains(g, d.Location.GetLineSpan())))
            .ToList();
        if (outside.Count == 0)
        {
            return;
        }

        await stderr.WriteLineAsync($"serverless analyze: {outside.Count} C# error(s) outside [Splitable] methods (the analysis may be incomplete; fix them):").ConfigureAwait(false);
        foreach (var d in outside.Take(MaxReportedErrors))
        {
            var span = d.Location.GetLineSpan();
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}")).ConfigureAwait(false);
        }

        if (outside.Count > MaxReportedErrors)
        {
            await stderr.WriteLineAsync($"  … and {outside.Count - MaxReportedErrors} more").ConfigureAwait(false);
        }
    }

    private static bool Contains(Serverless.Contracts.Manifest.SplitGraph g, FileLinePositionSpan span)
    {
        var line = span.StartLinePosition.Line + 1;
        return string.Equals(g.SourcePath, span.Path, StringComparison.Ordinal) && line >= g.StartLine && line <= g.EndLine;
    }
}
