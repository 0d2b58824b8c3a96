using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Serverless.Orchestrations.Runtime;
using Serverless.Splitting.Generator;

namespace Serverless.Local.Commands;

/// <summary>
/// Where `run`, `serve` and `worker` take their [Splitable] functions from: `--assembly &lt;path.dll&gt;` (a user's build,
/// its generated providers), `--source &lt;file.cs&gt;` (compiled in memory with the generator), or, without either, the
/// samples. Every problem is a usage error naming the file.
/// </summary>
public static class FunctionSources
{
    /// <summary>The assemblies holding the functions; <paramref name="sourceContext"/> receives the compiled sources.</summary>
    public static async Task<IReadOnlyList<Assembly>> LoadAsync(IReadOnlyList<string> assemblies, IReadOnlyList<string> sources, AssemblyLoadContext sourceContext, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sourceContext);
        ArgumentNullException.ThrowIfNull(stderr);
        if (assemblies.Count == 0 && sources.Count == 0)
        {
            return [typeof(Serverless.Samples.DocumentPipeline).Assembly];
        }

        var loaded = new List<Assembly>();
        foreach (var path in assemblies)
        {
            loaded.Add(LoadAssembly(path));
        }

        if (sources.Count > 0)
        {
            loaded.Add(await CompileAsync(sources, sourceContext, stderr).ConfigureAwait(false));
        }

        return loaded;
    }

    /// <summary>Loads a user's built assembly (its dependencies from the same folder) and checks it holds [Splitable] functions.</summary>
    public static Assembly LoadAssembly(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new UsageException($"--assembly '{path}' does not exist; pass the path of your built .dll (e.g. bin/Debug/net10.0/MyApp.dll)");
        }

        var folder = Path.GetDirectoryName(full)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        Assembly assembly;
        try
        {
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            throw new UsageException($"--assembly '{path}' is not a loadable .NET assembly: {ex.Message}");
        }

        int count;
        try
        {
            count = SplitFunctionRegistry.FromAssemblies(assembly).All.Count;
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or TypeLoadException)
        {
            throw new UsageException($"--assembly '{path}': its [Splitable] functions cannot be loaded ({ex.Message}); keep its dependencies next to it");
        }

        if (count == 0)
        {
            throw new UsageException($"--assembly '{path}' holds no [Splitable] functions: reference Serverless.Annotations and the splitter's generator in that project and rebuild it");
        }

        return assembly;
    }

    /// <summary>Compiles source files in memory with the generator into <paramref name="context"/>; SPL warnings go to <paramref name="stderr"/>.</summary>
    public static async Task<Assembly> CompileAsync(IReadOnlyList<string> paths, AssemblyLoadContext context, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stderr);
        var files = new List<(string Path, string Text)>();
        foreach (var path in paths)
        {
            try
            {
                files.Add((Path.GetFullPath(path), await File.ReadAllTextAsync(path).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"cannot read source file '{path}': {ex.Message}");
            }
        }

        var compiled = SplitCompiler.Compile(files);
        foreach (var d in compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Id.StartsWith("SPL", StringComparison.Ordinal)))
        {
            await stderr.WriteLineAsync(Format(d)).ConfigureAwait(false);
        }

        if (compiled.Assembly is null)
        {
            var errors = compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(Format);
            throw new UsageException("the source files do not compile:\n  " + string.Join("\n  ", errors));
        }

        using var stream = new MemoryStream(compiled.Assembly);
        return context.LoadFromStream(stream);
    }

    /// <summary>Reads the values of a repeatable option (`--source a.cs b.cs` or `--source a.cs --source b.cs`).</summary>
    public static void ReadValues(IReadOnlyList<string> args, ref int i, List<string> into)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(into);
        var option = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{option} needs a value");
        }

        into.Add(args[++i]);
        while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            into.Add(args[++i]);
        }
    }

    private static string Format(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        var where = span.IsValid && !string.IsNullOrEmpty(span.Path) ? $"{span.Path}({span.StartLinePosition.Line + 1}): " : string.Empty;
        return $"{where}{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
