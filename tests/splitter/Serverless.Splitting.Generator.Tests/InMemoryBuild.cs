using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Serverless.Annotations;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>Compiles sources in memory with the split generator and loads the result in a collectible context.</summary>
internal static class InMemoryBuild
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return [.. platform.Append(typeof(SplitableAttribute).Assembly.Location).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The platform assemblies and Serverless.Annotations, as every in-memory build references them.</summary>
    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading.Tasks;
        """;

    public static CSharpParseOptions ParseOptions(bool interceptors) => CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures(interceptors ? [new("InterceptorsNamespaces", "Serverless.Generated")] : []);

    /// <summary>Runs the generator (and the analyzer) over the sources; returns the output compilation and all diagnostics.</summary>
    public static BuildResult Build(IEnumerable<string> sources, bool interceptors = true, string assemblyName = "UserCode")
    {
        var parse = ParseOptions(interceptors);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: $"/src/File{i}.cs")).Append(CSharpSyntaxTree.ParseText(GlobalUsings, parse, path: "/src/Usings.cs"));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Debug));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new SplitGenerator().AsSourceGenerator()], parseOptions: parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzerDiagnostics = output.WithAnalyzers([new SplitDiagnosticAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var generated = driver.GetRunResult().GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());
        return new BuildResult(output, [.. generatorDiagnostics, .. output.GetDiagnostics(), .. analyzerDiagnostics], generated);
    }

    public static Assembly Load(Compilation compilation, AssemblyLoadContext context)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        if (!emit.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        stream.Position = 0;
        return context.LoadFromStream(stream);
    }
}

internal sealed record BuildResult(Compilation Output, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyDictionary<string, string> Generated)
{
    public IEnumerable<Diagnostic> Problems => Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
