using Serverless.Orchestrations.Ports;

namespace Serverless.TestSupport;

/// <summary>
/// The behaviour every <see cref="IFunctionRegistry"/> must have. A subclass per implementation supplies the registry;
/// the same tests run against the in-memory registry and the Table registry on Azurite.
/// </summary>
public abstract class FunctionRegistryContractTests
{
    private static readonly string RunId = Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    private static int _functions;

    private static readonly DateTimeOffset First = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The registry under test; tests use their own function ids, so a shared instance is fine.</summary>
    protected abstract IFunctionRegistry Registry { get; }

    protected static string NewFunctionId(string name = "Orders.Total") => $"{name}-{RunId}-{Interlocked.Increment(ref _functions)}";

    protected static VirtualFunction Unit(string functionId, int unit, string region, int memoryMb = 512, int timeoutSeconds = 30, string version = "1.0.0")
        => new(VirtualFunction.IdentifierFor(functionId, unit, region), functionId, unit, [unit * 2, (unit * 2) + 1], region, memoryMb, timeoutSeconds, version);

    [Fact]
    public async Task ListAsync_NothingRecorded_IsEmpty()
        => Assert.Empty(await Registry.ListAsync(NewFunctionId()));

    [Fact]
    public async Task RecordAsync_UnitsInTwoRegions_ListsThemByRegionThenUnitWithEveryField()
    {
        var id = NewFunctionId();
        VirtualFunction[] functions = [Unit(id, 1, "westeurope"), Unit(id, 0, "westeurope", 1024, 60, "2.0.0"), Unit(id, 0, "eastus")];
        await Registry.RecordAsync(functions, First);

        var listed = await Registry.ListAsync(id);
        Assert.Equal([functions[2], functions[1], functions[0]], listed.Select(e => e.VirtualFunction));
        Assert.All(listed, e => Assert.Equal(First, e.DeployedAt));
        Assert.Equal([0, 1], listed[1].VirtualFunction.Segments);
    }

    [Fact]
    public async Task RecordAsync_SameUnitAndRegionAgain_ReplacesTheEntry()
    {
        var id = NewFunctionId();
        await Registry.RecordAsync([Unit(id, 0, "eastus", version: "1.0.0")], First);
        await Registry.RecordAsync([Unit(id, 0, "eastus", 2048, 120, "1.1.0")], First.AddHours(1));

        var entry = Assert.Single(await Registry.ListAsync(id));
        Assert.Equal(Unit(id, 0, "eastus", 2048, 120, "1.1.0"), entry.VirtualFunction);
        Assert.Equal(First.AddHours(1), entry.DeployedAt);
    }

    [Fact]
    public async Task ListAsync_OtherFunctions_AreNotListed()
    {
        var a = NewFunctionId("A");
        var b = NewFunctionId("A");
        await Registry.RecordAsync([Unit(a, 0, "eastus")], First);
        await Registry.RecordAsync([Unit(b, 0, "eastus"), Unit(b, 1, "eastus")], First);

        Assert.Equal([a], (await Registry.ListAsync(a)).Select(e => e.VirtualFunction.FunctionId));
        Assert.Equal(2, (await Registry.ListAsync(b)).Count);
    }

    [Theory]
    [InlineData("Ns.Type/Method")]
    [InlineData("a#b?c\\d")]
    [InlineData("变量ü🙂")]
    [InlineData("'quoted' and %41 and ~")]
    public async Task RecordAsync_IdsAndRegionsWithCharactersTablesForbid_RoundTrip(string name)
    {
        var id = NewFunctionId(name);
        var function = Unit(id, 3, name + "-region");
        await Registry.RecordAsync([function], First);
        Assert.Equal(function, Assert.Single(await Registry.ListAsync(id)).VirtualFunction);
    }

    [Fact]
    public async Task RecordAsync_EntryWithoutRegion_ThrowsNamingTheEntry()
    {
        var id = NewFunctionId();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Registry.RecordAsync([Unit(id, 0, "eastus"), Unit(id, 1, "eastus") with { Region = string.Empty }], First));
        Assert.Contains("[1]", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await Registry.ListAsync(id));
    }
}
