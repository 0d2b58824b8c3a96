using System.Reflection;
using Serverless.Annotations.Runtime;

namespace Serverless.Hosting;

/// <summary>
/// Finds the app's own assemblies that carry a generated function provider: the entry assembly and what it references,
/// transitively, skipping the framework and the product's own runtime libraries (they register no functions).
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

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference that is not deployed with the app (compile-time only) registers nothing at run time.
                }
            }
        }

        return found;
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
