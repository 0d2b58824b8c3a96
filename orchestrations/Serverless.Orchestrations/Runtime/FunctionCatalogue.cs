using System.Reflection;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// The splittable functions of some assemblies, discovered from the generated registration
/// (<see cref="SplitFunctionProviderAttribute"/>): manifest, segment executors and the original method.
/// </summary>
public sealed class FunctionCatalogue
{
    private readonly Dictionary<string, CatalogueEntry> _entries = new(StringComparer.Ordinal);

    public FunctionCatalogue(IEnumerable<SplitFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var f in functions)
        {
            _entries.TryAdd(f.Id, new CatalogueEntry(f, ManifestReader.Parse(f.ManifestJson)));
        }
    }

    /// <summary>All functions, ordered by id.</summary>
    public IReadOnlyList<CatalogueEntry> All => [.. _entries.Values.OrderBy(e => e.Id, StringComparer.Ordinal)];

    /// <summary>Discovers the functions registered in the given assemblies.</summary>
    public static FunctionCatalogue FromAssemblies(params Assembly[] assemblies)
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

        return new FunctionCatalogue(functions);
    }

    public bool TryGet(string functionId, out CatalogueEntry entry) => _entries.TryGetValue(functionId, out entry!);

    /// <summary>The function with this id; throws <see cref="UnknownFunctionException"/> naming the known ones otherwise.</summary>
    public CatalogueEntry Get(string functionId)
        => _entries.TryGetValue(functionId, out var entry) ? entry : throw new UnknownFunctionException(functionId, [.. _entries.Keys.Order(StringComparer.Ordinal)]);
}
