using Serverless.Contracts.Manifest;

namespace Serverless.Api.Catalog;

/// <summary>
/// The registered splittable functions (generated registration of the deployed assemblies), each with its manifest
/// and compile-time annotations.
/// </summary>
public interface IManifestCatalog
{
    /// <summary>All registered functions, sorted by id.</summary>
    IReadOnlyList<SplitGraph> Functions { get; }

    /// <summary>The version of the package that holds the functions' executors (registered with each virtual function).</summary>
    string PackageVersion { get; }

    /// <summary>A registered function by id, or null.</summary>
    SplitGraph? Find(string functionId);
}
