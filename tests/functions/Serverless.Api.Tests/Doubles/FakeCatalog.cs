using Serverless.Api.Catalog;
using Serverless.Contracts.Manifest;

namespace Serverless.Api.Tests.Doubles;

public sealed class FakeCatalog : IManifestCatalog
{
    public IReadOnlyList<SplitGraph> Functions { get; } =
        [TestFunctions.BrokenGraph, TestFunctions.SumOfSquaresGraph, TestFunctions.ShoutGraph];

    public string PackageVersion => "1.2.3-test";

    public SplitGraph? Find(string functionId) => Functions.FirstOrDefault(f => f.Function == functionId);
}
