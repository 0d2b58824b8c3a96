using System.Reflection;
using Serverless.Api.Catalog;
using Serverless.Contracts.Manifest;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Api.Adapters;

/// <summary>The API's view of the runtime's <see cref="SplitFunctionRegistry"/> (the generated registration of the deployed assemblies).</summary>
public sealed class RegistryManifestCatalog : IManifestCatalog
{
    private readonly Dictionary<string, SplitGraph> _graphs;

    public RegistryManifestCatalog(SplitFunctionRegistry catalogue, string packageVersion)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        Catalogue = catalogue;
        PackageVersion = packageVersion;
        _graphs = catalogue.All.ToDictionary(e => e.Id, e => e.Graph with { Function = e.Id }, StringComparer.Ordinal);
        Functions = [.. _graphs.Values.OrderBy(g => g.Function, StringComparer.Ordinal)];
    }

    /// <summary>The runtime catalogue behind this view.</summary>
    public SplitFunctionRegistry Catalogue { get; }

    public IReadOnlyList<SplitGraph> Functions { get; }

    public string PackageVersion { get; }

    /// <summary>A catalogue of the functions registered in the given assemblies; the package version is the first one's.</summary>
    public static RegistryManifestCatalog FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var version = assemblies.Length == 0
            ? "0.0.0"
            : assemblies[0].GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assemblies[0].GetName().Version?.ToString() ?? "0.0.0";
        return new RegistryManifestCatalog(SplitFunctionRegistry.FromAssemblies(assemblies), version);
    }

    public SplitGraph? Find(string functionId) => _graphs.GetValueOrDefault(functionId);
}
