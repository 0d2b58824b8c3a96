using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Serverless.Contracts.Manifest;

namespace Serverless.Splitting.Analysis;

/// <summary>Reads [GeoPreference] and [ResourceConstraint] from a method's attributes, and [DataSource] from a callee's, and validates them.</summary>
internal static class AnnotationReader
{
    public const string Namespace = "Serverless.Annotations";
    public const int DefaultMemoryMb = 512;
    public const int DefaultTimeoutSeconds = 300;
    public const string DataSourceName = "DataSourceAttribute";

    public static SplitAnnotations Read(IMethodSymbol method, List<SplitDiagnostic> diagnostics, CancellationToken ct)
    {
        GeoPreferenceInfo? geo = null;
        ResourceConstraintInfo? resources = null;
        foreach (var a in method.GetAttributes())
        {
            var line = a.ApplicationSyntaxReference is { } r ? r.GetSyntax(ct).GetLocation().GetLineSpan().StartLinePosition.Line + 1 : 0;
            if (Is(a, "GeoPreferenceAttribute"))
            {
                var regions = new List<string>();
                var valid = true;
                foreach (var arg in a.ConstructorArguments)
                {
                    var values = arg.Kind == TypedConstantKind.Array ? arg.Values : [arg];
                    foreach (var v in values)
                    {
                        if (v.Value is string s && !string.IsNullOrWhiteSpace(s))
                        {
                            regions.Add(s);
                        }
                        else
                        {
                            valid = false;
                        }
                    }
                }

                if (!valid || regions.Count == 0)
                {
                    diagnostics.Add(SplitDiagnostics.InvalidAnnotation.Create(line, "[GeoPreference] needs at least one non-empty region name, e.g. [GeoPreference(\"westeurope\")]."));
                    continue;
                }

                var strict = a.NamedArguments.FirstOrDefault(n => n.Key == "Strict").Value.Value is true;
                geo = new GeoPreferenceInfo(regions, strict);
            }
            else if (Is(a, "ResourceConstraintAttribute"))
            {
                var memory = DefaultMemoryMb;
                var timeout = DefaultTimeoutSeconds;
                foreach (var n in a.NamedArguments)
                {
                    if (n.Key == "MemoryMb" && n.Value.Value is int m)
                    {
                        memory = m;
                    }
                    else if (n.Key == "TimeoutSeconds" && n.Value.Value is int t)
                    {
                        timeout = t;
                    }
                }

                var ok = true;
                if (memory is < 128 or > 32768)
                {
                    ok = false;
                    diagnostics.Add(SplitDiagnostics.InvalidAnnotation.Create(line, $"[ResourceConstraint] MemoryMb = {memory} is outside 128–32768 MB; use a value in that range."));
                }

                if (timeout is < 1 or > 3600)
                {
                    ok = false;
                    diagnostics.Add(SplitDiagnostics.InvalidAnnotation.Create(line, $"[ResourceConstraint] TimeoutSeconds = {timeout} is outside 1–3600 s; use a value in that range."));
                }

                if (ok)
                {
                    resources = new ResourceConstraintInfo(memory, timeout);
                }
            }
        }

        return geo is null && resources is null ? SplitAnnotations.None : new SplitAnnotations(geo, resources);
    }

    /// <summary>
    /// The valid [DataSource] attributes of <paramref name="method"/> (from source or metadata), and a message for
    /// each invalid one (empty region, negative <c>Bytes</c>).
    /// </summary>
    public static (IReadOnlyList<DataRead> Reads, IReadOnlyList<string> Problems) ReadDataSources(IMethodSymbol method)
    {
        List<DataRead>? reads = null;
        List<string>? problems = null;
        foreach (var a in method.GetAttributes())
        {
            if (!Is(a, DataSourceName))
            {
                continue;
            }

            var region = a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null;
            long bytes = 0;
            foreach (var n in a.NamedArguments)
            {
                if (n.Key == "Bytes" && n.Value.Value is { } v)
                {
                    bytes = System.Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var name = (method.ContainingType is null ? string.Empty : method.ContainingType.ToDisplayString(MethodAnalyzer.TypeFormat) + ".") + method.Name;
            if (string.IsNullOrWhiteSpace(region))
            {
                (problems ??= []).Add($"[DataSource] on '{name}' has no region name; name the Azure region where its data lives, e.g. [DataSource(\"northeurope\", Bytes = 200_000_000)].");
            }
            else if (bytes < 0)
            {
                (problems ??= []).Add($"[DataSource(\"{region}\")] on '{name}' has Bytes = {bytes}; give the bytes one call reads, 0 or more.");
            }
            else
            {
                (reads ??= []).Add(new DataRead(region!, bytes));
            }
        }

        return (reads ?? (IReadOnlyList<DataRead>)[], problems ?? (IReadOnlyList<string>)[]);
    }

    internal static bool Is(AttributeData a, string name) =>
        a.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == Namespace;
}
