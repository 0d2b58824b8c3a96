using Serverless.Orchestrations.Market;

namespace Serverless.Orchestrations.Tests.Market;

public sealed class ComputeDirectoryEntityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Add_TwoInstancesInARegion_NamesThemInOrderAndSignalsConfigure()
    {
        var driver = new EntityDriver<ComputeDirectory>(ComputeDirectory.Key);
        var config = new InstanceConfiguration("eastus", 1024, 2, 0.1, T0);

        var first = await driver.CallAsync<string>(nameof(ComputeDirectory.Add), config);
        var second = await driver.CallAsync<string>(nameof(ComputeDirectory.Add), config);

        Assert.Equal("eastus/0", first);
        Assert.Equal("eastus/1", second);
        Assert.Equal([ComputeInstance.Id("eastus/0"), ComputeInstance.Id("eastus/1")], driver.Context.Signals.Select(s => s.Id));
        Assert.All(driver.Context.Signals, s => Assert.Equal(nameof(ComputeInstance.Configure), s.Operation));
        var listed = await driver.CallAsync<Dictionary<string, List<string>>>(nameof(ComputeDirectory.List), new List<string> { "eastus", "westus" });
        Assert.Equal(["eastus/0", "eastus/1"], listed!["eastus"]);
        Assert.False(listed.ContainsKey("westus"));
    }

    [Fact]
    public async Task Remove_ListedInstance_UnlistsAndRetiresIt_NumbersNotReused()
    {
        var driver = new EntityDriver<ComputeDirectory>(ComputeDirectory.Key);
        var config = new InstanceConfiguration("eastus", 1024, 2, 0.1, T0);
        await driver.CallAsync(nameof(ComputeDirectory.Add), config);

        Assert.True(await driver.CallAsync<bool>(nameof(ComputeDirectory.Remove), "eastus/0"));
        Assert.False(await driver.CallAsync<bool>(nameof(ComputeDirectory.Remove), "eastus/0"));

        Assert.Equal((ComputeInstance.Id("eastus/0"), nameof(ComputeInstance.Retire)), (driver.Context.Signals[^1].Id, driver.Context.Signals[^1].Operation));
        Assert.Equal("eastus/1", await driver.CallAsync<string>(nameof(ComputeDirectory.Add), config));
    }

    [Fact]
    public async Task TakeShortage_AfterReports_ReturnsSumsOnceThenNothing()
    {
        var driver = new EntityDriver<ComputeDirectory>(ComputeDirectory.Key);
        await driver.CallAsync(nameof(ComputeDirectory.RecordShortage), new RegionShortage("eastus", 2));
        await driver.CallAsync(nameof(ComputeDirectory.RecordShortage), new RegionShortage("eastus", 3));
        await driver.CallAsync(nameof(ComputeDirectory.RecordShortage), new RegionShortage("westus", 1));

        var taken = await driver.CallAsync<Dictionary<string, int>>(nameof(ComputeDirectory.TakeShortage));
        var again = await driver.CallAsync<Dictionary<string, int>>(nameof(ComputeDirectory.TakeShortage));

        Assert.Equal(5, taken!["eastus"]);
        Assert.Equal(1, taken["westus"]);
        Assert.Empty(again!);
    }
}
