using System.Reflection;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// The runtime registry of generated executors: the splittable functions of some assemblies, discovered from the
/// generated registration (<see cref="SplitFunctionProviderAttribute"/>), each with its manifest, segment executors and
/// original method. The engine runs functions from it; the API reads their manifests through <c>IManifestCatalog</c>.
/// </summary>
public sealed class SplitFunctionRegistry
{
    private readonly Dictionary<string, RegisteredFunction> _entries = new(StringComparer.Ordinal);

    public SplitFunctionRegistry(IEnumerable<SplitFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var f in functions)
        {
            _entries.TryAdd(f.Id, new RegisteredFunction(f, ManifestReader.Parse(f.ManifestJson)));
        }
    }

    /// <summary>All functions, ordered by id.</summary>
    public IReadOnlyList<RegisteredFunction> All => [.. _entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal)];

    /// <summary>Discovers the functions registered in the given assemblies.</summary>
    public static SplitFunctionRegistry FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var functions = new List<SplitFunction>();
        foreach (var assembly in assemblies)
        {
            foreach (var attribute in assembly.GetCustomAttributes<SplitFunctionProviderAttribute>())
            {
                if (Activator.CreateInstance(attribute.ProviderType, nonPublic: true) is ISplitFunctionProvider provider)
                {
                    functions.AddRange(provider.Functions);
                }
            }
        }

        return new SplitFunctionRegistry(functions);
    }

    public bool TryGet(string functionId, out RegisteredFunction entry) => _entries.TryGetValue(functionId, out entry!);

    /// <summary>The function with this id; throws <see cref="UnknownFunctionException"/> naming the known ones otherwise.</summary>
    public RegisteredFunction Get(string functionId)
        => _entries.TryGetValue(functionId, out var entry) ? entry : throw new UnknownFunctionException(functionId, [.. _entries.Keys.Order(StringComparer.Ordinal)]);
}
