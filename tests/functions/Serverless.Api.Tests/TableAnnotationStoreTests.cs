using Azure.Data.Tables;
using Serverless.Azure.Annotations;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Api.Tests;

[CollectionDefinition(StorageFixture.Collection)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
}

/// <summary>The annotation stores' shared behaviour: the in-memory one always, the Table one on Azurite (or the account in SERVERLESS_TEST_STORAGE).</summary>
[Collection(StorageFixture.Collection)]
public sealed class TableAnnotationStoreTests(StorageFixture storage)
{
    private static readonly AnnotationPatch SetMemory512 = new(PatchField<bool?>.Unchanged, PatchField<GeoPreferenceOverride?>.Unchanged, PatchField<ResourceConstraintOverride?>.Set(new(512, 10)));

    public static TheoryData<string> Stores => new() { "memory", "table" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Update_PatchesAndNullRemoves(string kind)
    {
        var store = Create(kind);
        Assert.Null(await store.GetAsync("Demo.A.B"));
        var first = await store.UpdateAsync("Demo.A.B", new AnnotationPatch(PatchField<bool?>.Set(false), PatchField<GeoPreferenceOverride?>.Set(new(["eastus", "westeurope"], true)), PatchField<ResourceConstraintOverride?>.Unchanged), AnnotationETags.None);
        Assert.Equal(new AnnotationOverrides(false, new GeoPreferenceOverride(["eastus", "westeurope"], true), null), first.Overrides);
        var second = await store.UpdateAsync("Demo.A.B", new AnnotationPatch(PatchField<bool?>.Unchanged, PatchField<GeoPreferenceOverride?>.Set(null), PatchField<ResourceConstraintOverride?>.Set(new(2048, 30))), first.ETag);
        Assert.Equal(new AnnotationOverrides(false, null, new ResourceConstraintOverride(2048, 30)), second.Overrides);
        Assert.NotEqual(first.ETag, second.ETag);
        var read = await store.GetAsync("Demo.A.B");
        Assert.Equal(second.Overrides, read!.Overrides);
        Assert.Equal(second.ETag, read.ETag);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Update_TwoWritersSameETag_ExactlyOneWins(string kind)
    {
        var store = Create(kind);
        for (var round = 0; round < 5; round++)
        {
            var etag = (await store.GetAsync("Demo.A.C"))?.ETag ?? AnnotationETags.None;
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i =>
            {
                try
                {
                    await store.UpdateAsync("Demo.A.C", SetMemory512 with { Splitable = PatchField<bool?>.Set(i == 0) }, etag);
                    return true;
                }
                catch (AnnotationConflictException)
                {
                    return false;
                }
            }));
            Assert.Single(results, true);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Update_StaleETag_ThrowsAndWritesNothing(string kind)
    {
        var store = Create(kind);
        var first = await store.UpdateAsync("Demo.A.D", SetMemory512, null);
        await store.UpdateAsync("Demo.A.D", SetMemory512 with { Splitable = PatchField<bool?>.Set(true) }, first.ETag);
        await Assert.ThrowsAsync<AnnotationConflictException>(() => store.UpdateAsync("Demo.A.D", SetMemory512 with { Splitable = PatchField<bool?>.Set(false) }, first.ETag));
        await Assert.ThrowsAsync<AnnotationConflictException>(() => store.UpdateAsync("Demo.A.D", SetMemory512, AnnotationETags.None));
        Assert.True((await store.GetAsync("Demo.A.D"))!.Overrides.Splitable);
    }

    private IAnnotationStore Create(string kind)
        => kind == "memory" ? new InMemoryAnnotationStore() : new TableAnnotationStore(new TableClient(storage.ConnectionString, storage.UniqueName("annotations")));
}
