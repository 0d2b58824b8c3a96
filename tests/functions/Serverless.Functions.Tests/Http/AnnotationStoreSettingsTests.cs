using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Azure.Annotations;
using Serverless.Functions.Http;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Functions.Tests.Http;

[CollectionDefinition(StorageFixture.Collection)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
}

/// <summary>
/// Run-time annotation overrides as the Functions app registers them from its settings: with storage configured
/// (a connection string, or the account name Bicep sets) every app instance uses the same Table, never memory.
/// </summary>
[Collection(StorageFixture.Collection)]
public sealed class AnnotationStoreSettingsTests(StorageFixture storage)
{
    private const string Account = "stdemoabcdefghijklm";

    /// <summary>One app instance: its own service provider built from the settings, as each Functions host builds its own.</summary>
    private static IAnnotationStore Instance(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddServerlessHttpApi(configuration).BuildServiceProvider();
        return services.GetRequiredService<IAnnotationStore>();
    }

    // The storage settings infra/modules/function-app.bicep gives every app: no connection string, the account by name.
    private static Dictionary<string, string?> BicepSettings() => new()
    {
        ["Serverless:StorageConnection"] = "",
        ["Serverless:StorageAccountName"] = Account,
        ["Serverless:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
    };

    [Fact]
    public void BicepSettings_EveryInstance_UsesTheAccountsAnnotationsTableByIdentity()
    {
        var first = Assert.IsType<TableAnnotationStore>(Instance(BicepSettings()));
        var second = Assert.IsType<TableAnnotationStore>(Instance(BicepSettings()));

        Assert.Equal(new Uri($"https://{Account}.table.core.windows.net/annotations"), first.TableUri);
        Assert.Equal(first.TableUri, second.TableUri);
    }

    [Fact]
    public void NoStorageAtAll_FallsBackToMemory()
        => Assert.IsType<InMemoryAnnotationStore>(Instance(new() { ["Serverless:StorageConnection"] = "", ["Serverless:StorageAccountName"] = "" }));

    [Fact]
    public async Task TwoInstances_SameStorage_ShareOverridesBothWaysAndAThirdStartedLaterSeesThem()
    {
        var settings = new Dictionary<string, string?> { ["Serverless:StorageConnection"] = storage.ConnectionString, ["Serverless:StorageAccountName"] = "" };
        var a = Instance(settings);
        var b = Instance(settings);
        Assert.IsType<TableAnnotationStore>(a);

        var random = new Random(17);
        var cases = Enumerable.Range(0, 6).Select(_ => (Memory: random.Next(128, 10_240), Timeout: random.Next(1, 600), Splitable: random.Next(2) == 0)).ToArray();
        var functionId = $"Demo.Shared.{storage.UniqueName("f")}";
        var etag = AnnotationETags.None;
        for (var i = 0; i < cases.Length; i++)
        {
            var (memory, timeout, splitable) = cases[i];
            var (writer, reader) = i % 2 == 0 ? (a, b) : (b, a);
            var written = await writer.UpdateAsync(
                functionId,
                new AnnotationPatch(PatchField<bool?>.Set(splitable), PatchField<GeoPreferenceOverride?>.Unchanged, PatchField<ResourceConstraintOverride?>.Set(new(memory, timeout))),
                etag);

            var read = await reader.GetAsync(functionId);
            Assert.NotNull(read);
            Assert.Equal(written.Overrides, read.Overrides);
            Assert.Equal(written.ETag, read.ETag);
            Assert.Equal(new AnnotationOverrides(splitable, null, new ResourceConstraintOverride(memory, timeout)), read.Overrides);
            etag = read.ETag;
        }

        // A restarted (new) instance reads what the others wrote.
        var restarted = await Instance(settings).GetAsync(functionId);
        Assert.Equal(etag, restarted!.ETag);
    }
}
