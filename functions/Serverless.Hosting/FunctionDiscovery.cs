using System.Reflection;
using System.Text.Json;
using Serverless.Annotations.Runtime;

namespace Serverless.Hosting;

/// <summary>
/// Finds the app's own assemblies that carry a generated function provider: the entry assembly and what it references,
/// transitively, skipping the framework and the product's own runtime libraries (they register no functions), and
/// every library of the app's dependency manifest (<c>{app}.deps.json</c>) that depends on Serverless.Annotations. The
/// manifest matters when the app never names a type of its functions' library in code (a Functions app that runs
/// them only through its triggers): the compiler then leaves that library out of the app's assembly references.
/// </summary>
public static class FunctionDiscovery
{
    /// <summary>The assemblies reachable from <paramref name="root"/> whose generated registration lists functions.</summary>
    public static IReadOnlyList<Assembly> From(Assembly root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var found = new List<Assembly>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>();
        pending.Push(root);
        seen.Add(root.GetName().Name ?? string.Empty);
        foreach (var name in AnnotationDependents(root).Where(seen.Add))
        {
            if (TryLoad(new AssemblyName(name)) is { } dependent)
            {
                pending.Push(dependent);
            }
        }

        while (pending.TryPop(out var assembly))
        {
            if (assembly.IsDefined(typeof(SplitFunctionProviderAttribute), inherit: false))
            {
                found.Add(assembly);
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var name = reference.Name ?? string.Empty;
                if (IsFramework(name) || !seen.Add(name))
                {
                    continue;
                }

                if (TryLoad(reference) is { } loaded)
                {
                    pending.Push(loaded);
                }
            }
        }

        return found;
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // A reference that is not deployed with the app (compile-time only) registers nothing at run time.
            return null;
        }
    }

    /// <summary>The runtime assemblies of the libraries in <paramref name="root"/>'s deps.json that depend on Serverless.Annotations.</summary>
    private static List<string> AnnotationDependents(Assembly root)
    {
        var manifest = string.IsNullOrEmpty(root.Location) ? null : Path.ChangeExtension(root.Location, ".deps.json");
        if (manifest is null || !File.Exists(manifest))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var names = new List<string>();
        if (!document.RootElement.TryGetProperty("targets", out var targets))
        {
            return names;
        }

        foreach (var library in targets.EnumerateObject().SelectMany(t => t.Value.EnumerateObject()))
        {
            if (library.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.TryGetProperty("Serverless.Annotations", out _)
                && library.Value.TryGetProperty("runtime", out var runtime))
            {
                names.AddRange(runtime.EnumerateObject().Select(file => Path.GetFileNameWithoutExtension(file.Name)).Where(n => !IsFramework(n)));
            }
        }

        return names;
    }

    private static bool IsFramework(string name)
        => name is "mscorlib" or "netstandard" or "Serverless.Annotations"
            || name.StartsWith("System", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal)
            || name.StartsWith("Azure.", StringComparison.Ordinal)
            || name.StartsWith("Grpc.", StringComparison.Ordinal)
            || name.StartsWith("Google.", StringComparison.Ordinal)
            || name.StartsWith("OpenTelemetry", StringComparison.Ordinal);
}
