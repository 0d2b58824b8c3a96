using Serverless.Local.Commands;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Dispatch;

namespace Serverless.Local.Tests;

/// <summary>The command lines of `serve` and `worker`: what they accept, and the errors that name what was wrong.</summary>
public sealed class EngineProcessOptionsTests
{
    [Fact]
    public void ServeParse_DurableOptions_AreRead()
    {
        var settings = ServeCommand.Parse(["--storage", "UseDevelopmentStorage=true", "--task-hub", "hub7", "--local-workers", "westeurope,eastus", "--source", "a.cs", "b.cs", "--assembly", "x.dll", "--regions", "r.json"]);

        Assert.Equal("hub7", settings.TaskHub);
        Assert.Equal(["westeurope", "eastus"], settings.LocalWorkers.Regions);
        Assert.True(settings.LocalWorkers.Allows("eastus"));
        Assert.False(settings.LocalWorkers.Allows("northeurope"));
        Assert.Equal(["a.cs", "b.cs"], settings.Sources);
        Assert.Equal(["x.dll"], settings.Assemblies);
        Assert.Equal("r.json", settings.RegionsFile);
    }

    [Fact]
    public void ServeParse_Defaults_SharedTaskHubAndAllLocalWorkers()
    {
        var settings = ServeCommand.Parse(["--storage", "azurite"]);

        Assert.Equal(ServeSettings.DefaultTaskHub, settings.TaskHub);
        Assert.Same(LocalWorkers.All, settings.LocalWorkers);
        Assert.True(settings.Storage!.StartsAzurite);
        Assert.Equal("serverless-", StorageSession.SharedPrefix(settings.TaskHub));
    }

    [Theory]
    [InlineData("--local-workers none", "need shared storage")]
    [InlineData("--local-workers eastus", "need shared storage")]
    [InlineData("--task-hub abc", "add --storage")]
    [InlineData("--storage azurite --task-hub 9lives", "'9lives' is invalid")]
    [InlineData("--storage azurite --task-hub a-b", "'a-b' is invalid")]
    [InlineData("--storage azurite --local-workers West_Europe", "'West_Europe' is not a region name")]
    [InlineData("--storage azurite --local-workers", "--local-workers needs a value")]
    [InlineData("--storage azurite --source", "--source needs a value")]
    [InlineData("--storage azurite --workers 3", "unknown option '--workers'")]
    [InlineData("--storage azurite --local-workers none --autoscale 5-2", "--autoscale: '5-2' has min 5 above max 2")]
    [InlineData("--storage azurite --local-workers none --autoscale x", "--autoscale: 'x' is not <min>-<max>")]
    [InlineData("--storage azurite --local-workers none --autoscale -1-3", "--autoscale: '-1-3' is not <min>-<max>")]
    [InlineData("--storage azurite --local-workers none --autoscale 3", "--autoscale: '3' is not <min>-<max>")]
    [InlineData("--storage azurite --local-workers none --autoscale 0-0", "--autoscale: '0-0' has max 0")]
    [InlineData("--storage azurite --local-workers none --autoscale 1-65", "--autoscale: '1-65' has max 65")]
    [InlineData("--storage azurite --local-workers none --autoscale", "--autoscale needs a value")]
    [InlineData("--local-workers none --autoscale 1-3", "need shared storage: add --storage")]
    [InlineData("--autoscale 1-3", "need shared storage: add --storage")]
    [InlineData("--storage azurite --autoscale 1-3", "--local-workers all leaves none: add --local-workers none")]
    public void ServeParse_BadInput_UsageErrorNamingIt(string line, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => ServeCommand.Parse(line.Split(' ')));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServeParse_Autoscale_BoundsAreRead()
    {
        var settings = ServeCommand.Parse(["--storage", "azurite", "--local-workers", "none", "--autoscale", "0-4"]);

        Assert.Equal(new AutoscaleOption(0, 4), settings.Autoscale);
        Assert.Null(ServeCommand.Parse(["--storage", "azurite"]).Autoscale);
    }

    [Fact]
    public void AutoscaleInput_Variables_TuneTheSharedPolicyForTheRegionsGiven()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AutoscaleOption.IntervalVariable] = "2",
            [AutoscaleOption.ScaleUpCooldownVariable] = "3",
            [AutoscaleOption.ScaleDownCooldownVariable] = "4",
            [AutoscaleOption.ScaleDownWindowVariable] = "5",
            [AutoscaleOption.BacklogPerInstanceVariable] = "6",
        };

        var input = new AutoscaleOption(1, 3).Input(Serverless.Contracts.Plans.PlanEnvironment.Default, ["eastus"], 16, n => variables.GetValueOrDefault(n));

        Assert.Equal(["eastus"], input.Regions.Select(r => r.Region));
        Assert.Equal(16, input.Regions[0].Slots);
        Assert.Equal(2000, input.IntervalMs);
        Assert.Equal(Serverless.Planning.Market.ScalingOptions.Default with
        {
            MinInstances = 1,
            MaxInstances = 3,
            ScaleUpCooldown = TimeSpan.FromSeconds(3),
            ScaleDownCooldown = TimeSpan.FromSeconds(4),
            ScaleDownWindow = TimeSpan.FromSeconds(5),
            BacklogPerInstance = 6,
        }, input.Policy);
    }

    [Fact]
    public void AutoscaleInput_NoVariables_IsTheDefaultPolicyWithTheBounds()
    {
        var input = new AutoscaleOption(2, 5).Input(Serverless.Contracts.Plans.PlanEnvironment.Default, ["westeurope", "eastus"], 16, _ => null);

        Assert.Equal(Serverless.Planning.Market.ScalingOptions.Default with { MinInstances = 2, MaxInstances = 5 }, input.Policy);
        Assert.Equal(15_000, input.IntervalMs);
        Assert.Equal(2, input.Regions.Count);
    }

    [Theory]
    [InlineData(AutoscaleOption.IntervalVariable, "0")]
    [InlineData(AutoscaleOption.ScaleDownCooldownVariable, "-1")]
    [InlineData(AutoscaleOption.BacklogPerInstanceVariable, "many")]
    public void AutoscaleInput_BadVariable_UsageErrorNamingIt(string name, string value)
    {
        var ex = Assert.Throws<UsageException>(() => new AutoscaleOption(1, 2).Input(Serverless.Contracts.Plans.PlanEnvironment.Default, ["eastus"], 16, n => n == name ? value : null));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("", 60)]
    [InlineData("0", 0)]
    [InlineData("15", 15)]
    [InlineData("525600", 525600)]
    public void ServeStateRetention_Valid_IsTheRetention(string? value, int minutes)
        => Assert.Equal(TimeSpan.FromMinutes(minutes), ServeCommand.ReadStateRetention(value));

    [Theory]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("525601")]
    public void ServeStateRetention_BadValue_UsageErrorNamingTheVariable(string value)
    {
        var ex = Assert.Throws<UsageException>(() => ServeCommand.ReadStateRetention(value));
        Assert.Contains("Serverless__StateRetentionMinutes", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, UndeployedUnits.Deploy)]
    [InlineData("", UndeployedUnits.Deploy)]
    [InlineData("dispatch", UndeployedUnits.Dispatch)]
    [InlineData("fail", UndeployedUnits.Fail)]
    [InlineData("Deploy", UndeployedUnits.Deploy)]
    public void ServeUndeployed_Valid_IsTheMode(string? value, UndeployedUnits expected)
        => Assert.Equal(expected, ServeCommand.ReadUndeployed(value));

    [Fact]
    public void ServeUndeployed_BadValue_UsageErrorNamingTheVariableAndTheValue()
    {
        var ex = Assert.Throws<UsageException>(() => ServeCommand.ReadUndeployed("sometimes"));
        Assert.Contains("Serverless__Dispatch__Undeployed is 'sometimes'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 15)]
    [InlineData(60, 300)]
    public void RetentionSweep_Interval_IsAQuarterOfTheRetentionWithinBounds(int retentionMinutes, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RetentionSweeper.Interval(TimeSpan.FromMinutes(retentionMinutes)));

    [Fact]
    public void WorkerParse_AllOptions_AreRead()
    {
        var options = WorkerOptions.Parse(["--region", "eastus", "--storage", "UseDevelopmentStorage=true", "--task-hub", "hub7", "--concurrency", "3", "--source", "a.cs"]);

        Assert.Equal("eastus", options.Region);
        Assert.Equal("hub7", options.TaskHub);
        Assert.Equal(3, options.Concurrency);
        Assert.Equal(["a.cs"], options.Sources);
        Assert.Empty(options.Assemblies);
    }

    [Theory]
    [InlineData("--storage x", "--region is required")]
    [InlineData("--region eastus", "--storage is required")]
    [InlineData("--region EastUS --storage x", "'EastUS' is not a region name")]
    [InlineData("--region eastus --storage x --concurrency 0", "--concurrency needs a whole number from 1 to 1024 (got '0')")]
    [InlineData("--region eastus --storage x --concurrency many", "(got 'many')")]
    [InlineData("--region eastus --storage x --local-workers none", "unknown option '--local-workers'")]
    public void WorkerParse_BadInput_UsageErrorNamingIt(string line, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => WorkerOptions.Parse(line.Split(' ')));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("5", 5)]
    public void WorkerLease_FromEnvironment(string? value, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), WorkerCommand.LeaseDuration(value));

    [Theory]
    [InlineData("2")]
    [InlineData("ten")]
    [InlineData("601")]
    public void WorkerLease_OutOfRange_UsageErrorNamingTheVariable(string value)
    {
        var ex = Assert.Throws<UsageException>(() => WorkerCommand.LeaseDuration(value));
        Assert.Contains(WorkerCommand.LeaseVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WorkerHelp_SaysItNeedsTheSameStorageAndFunctionsAsServe()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Cli.RunAsync(["worker", "--help"], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Contains("--region <name> --storage <connection string>", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("same --storage, --task-hub and functions", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Help_SaysTheMemoryBackendIsNotDurable()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        await Cli.RunAsync(["--help"], stdout, stderr);

        Assert.Contains("in memory: NOT durable", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("worker ", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ServeHelp_SaysTheMemoryBackendIsNotDurable()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        await Cli.RunAsync(["serve", "--help"], stdout, stderr);

        Assert.Contains("NOT durable", stdout.ToString(), StringComparison.Ordinal);
    }
}
