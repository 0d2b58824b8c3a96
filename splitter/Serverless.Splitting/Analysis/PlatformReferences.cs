using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Serverless.Splitting.Analysis;

/// <summary>The references of <see cref="SplitAnalyzer.AnalyzeSources"/>: the runtime's platform assemblies and Serverless.Annotations.</summary>
internal static class PlatformReferences
{
    /// <summary>The global usings Microsoft.NET.Sdk adds with ImplicitUsings (files in SDK projects rely on them).</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>Used only when Serverless.Annotations.dll cannot be found next to the analysis or on the probing path.</summary>
    public const string AnnotationsSource = """
        namespace Serverless.Annotations
        {
            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class SplitableAttribute : global::System.Attribute { }

            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class GeoPreferenceAttribute : global::System.Attribute
            {
                public GeoPreferenceAttribute(params string[] regions) { Regions = regions; }
                public string[] Regions { get; }
                public bool Strict { get; set; }
            }

            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class ResourceConstraintAttribute : global::System.Attribute
            {
                public int MemoryMb { get; set; }
                public int TimeoutSeconds { get; set; }
            }

            [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]
            public sealed class DataSourceAttribute : global::System.Attribute
            {
                public DataSourceAttribute(string region) { Region = region; }
                public string Region { get; }
                public long Bytes { get; set; }
            }
        }
        """;

    private static readonly Lazy<(IReadOnlyList<MetadataReference> Platform, MetadataReference? Annotations)> s_references = new(Load);

    public static MetadataReference? AnnotationsReference => s_references.Value.Annotations;

    public static IReadOnlyList<MetadataReference> Get(IEnumerable<SyntaxTree> trees)
    {
        _ = trees;
        var (platform, annotations) = s_references.Value;
        return annotations is null ? platform : [.. platform, annotations];
    }

    private static (IReadOnlyList<MetadataReference>, MetadataReference?) Load()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split([Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries);
        var platform = tpa
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal))
            .ToList();
        if (platform.Count == 0 && runtimeDir.Length > 0)
        {
            platform = Directory.GetFiles(runtimeDir, "System*.dll").Concat(Directory.GetFiles(runtimeDir, "mscorlib.dll")).Concat(Directory.GetFiles(runtimeDir, "netstandard.dll")).ToList();
        }

        var references = platform
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();

        const string annotationsFile = "Serverless.Annotations.dll";
        var candidates = tpa.Where(p => string.Equals(Path.GetFileName(p), annotationsFile, StringComparison.OrdinalIgnoreCase))
            .Concat(new[]
            {
                Path.Combine(Path.GetDirectoryName(typeof(PlatformReferences).Assembly.Location) ?? string.Empty, annotationsFile),
                Path.Combine(AppContext.BaseDirectory ?? string.Empty, annotationsFile),
            });
        var found = candidates.FirstOrDefault(File.Exists);
        return (references, found is null ? null : MetadataReference.CreateFromFile(found));
    }
}
