using Serverless.TestSupport;

namespace Serverless.Azure.Tests;

/// <summary>All tests that need real storage share one Azurite (or configured account) per run.</summary>
[CollectionDefinition(StorageFixture.Collection)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
}
