using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Functions.Engine;
using Serverless.Functions.Execution;
using Serverless.Functions.Http;
using Serverless.Functions.Tests.Execution;
using Serverless.Orchestrations.InMemory;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using ApiUnit = Serverless.Api.Planning.PreviewUnit;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Functions.Tests.Engine;

/// <summary>The app's Serverless:* settings: read, validated at start-up, and refused with messages naming the setting.</summary>
public sealed class ServerlessSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Serverless:Role"] = "orchestrator",
        ["Serverless:StorageConnection"] = "UseDevelopmentStorage=true",
    };

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>Starts a host with the app's settings registration; the start-up validation error, or null when it started.</summary>
    private static async Task<string?> StartupErrorAsync(Dictionary<string, string?> settings)
    {
        using var host = new HostBuilder().ConfigureServices(s => s.AddServerlessSettings(Configuration(settings))).Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }

    [Fact]
    public async Task Startup_ValidSettings_Starts() => Assert.Null(await StartupErrorAsync(Valid));

    [Theory]
    [InlineData("Serverless:Role", "worker", "Serverless__Role")]
    [InlineData("Serverless:Region", "West Europe", "Serverless__Region")]
    [InlineData("Serverless:StateRetentionMinutes", "-5", "Serverless__StateRetentionMinutes")]
    [InlineData("Serverless:WorkerConcurrency", "0", "Serverless__WorkerConcurrency")]
    [InlineData("Serverless:CompletionQueue", "Done_Queue", "Serverless__CompletionQueue")]
    [InlineData("Serverless:Bus", "kafka", "Serverless__Bus")]
    [InlineData("Serverless:InlineLimitBytes", "-1", "Serverless__InlineLimitBytes")]
    [InlineData("Serverless:StorageConnection", "", "Serverless__StorageConnection")]
    [InlineData("Serverless:Market:Slots", "0", "Serverless__Market__Slots")]
    [InlineData("Serverless:Market:MaxInstances", "0", "Serverless__Market__MaxInstances")]
    [InlineData("Serverless:Market:IntervalSeconds", "-1", "Serverless__Market__IntervalSeconds")]
    [InlineData("Serverless:Dispatch:Undeployed", "skip", "Serverless__Dispatch__Undeployed")]
    [InlineData("Serverless:Dispatch:Undeployed", "deploy", "Serverless__SubscriptionId")]
    public async Task Startup_OneBadSetting_FailsNamingIt(string key, string value, string named)
    {
        var error = await StartupErrorAsync(new(Valid) { [key] = value });

        Assert.NotNull(error);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("dispatch")]
    [InlineData("")]
    public async Task Startup_DispatchUndeployedWithoutProvisioner_StartsUnlessItIsDeploy(string value)
        => Assert.Null(await StartupErrorAsync(new(Valid) { ["Serverless:Dispatch:Undeployed"] = value }));

    [Fact]
    public async Task Startup_DispatchUndeployedDeployWithProvisionerSettings_Starts()
        => Assert.Null(await StartupErrorAsync(new(Valid)
        {
            ["Serverless:Dispatch:Undeployed"] = "deploy",
            ["Serverless:SubscriptionId"] = "00000000-0000-0000-0000-000000000001",
            ["Serverless:ResourceGroup"] = "rg-splitter",
        }));

    [Fact]
    public async Task Startup_RegionalRoleWithoutRegion_FailsNamingTheRegionSetting()
    {
        var error = await StartupErrorAsync(new(Valid) { ["Serverless:Role"] = "regional" });

        Assert.Contains("Serverless__Region", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Regions_AnyMixOfKnownAndUnknownNames_RefusesExactlyTheUnknownOnesNamingThem()
    {
        var known = PlanEnvironment.Default.Regions.Select(r => r.Name).ToArray();
        var names = Gen.OneOf(Gen.OneOfConst(known), Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 3, 12].Select(s => "x" + s));
        names.Array[1, 5].Sample(chosen =>
        {
            var setting = string.Join(" , ", chosen);
            var unknown = chosen.Where(c => !known.Contains(c)).Distinct().ToList();
            if (unknown.Count == 0)
            {
                var environment = ServerlessSettings.PlanEnvironmentFor(setting);
                Assert.Equal(known.Where(chosen.Contains), environment.Regions.Select(r => r.Name));
                Assert.Null(StartupErrorAsync(new(Valid) { ["Serverless:Regions"] = setting }).GetAwaiter().GetResult());
            }
            else
            {
                var ex = Assert.Throws<InvalidOperationException>(() => ServerlessSettings.PlanEnvironmentFor(setting));
                Assert.Contains("Serverless__Regions", ex.Message, StringComparison.Ordinal);
                Assert.All(unknown, u => Assert.Contains(u, ex.Message, StringComparison.Ordinal));
                var named = ex.Message[..ex.Message.IndexOf("Known regions", StringComparison.Ordinal)];
                Assert.All(chosen.Except(unknown), k => Assert.DoesNotContain(k, named, StringComparison.Ordinal));
                var startup = StartupErrorAsync(new(Valid) { ["Serverless:Regions"] = setting }).GetAwaiter().GetResult();
                Assert.NotNull(startup);
                Assert.All(unknown, u => Assert.Contains(u, startup, StringComparison.Ordinal));

                // The HTTP API's registration refuses them too: the app never plans over a silently shorter list.
                Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddServerlessHttpApi(Configuration(new(Valid) { ["Serverless:Regions"] = setting })));
            }
        }, iter: 40);
    }

    [Fact]
    public void Regions_Empty_PlansOverEveryBuiltInRegion()
        => Assert.Equal(PlanEnvironment.Default.Regions, ServerlessSettings.PlanEnvironmentFor("").Regions);

    /// <summary>A catalogue of <paramref name="names"/> in the environment JSON of <c>serverless run --regions</c>.</summary>
    private static string CatalogueJson(IReadOnlyList<string> names)
    {
        var regions = string.Join(",", names.Select((n, i) => $$"""{"name":"{{n}}","pricePerGbSecond":0.00001{{i}},"pricePerInvocation":0,"speed":1,"maxMemoryMb":2048,"availableInstances":4,"dispatchLatencyMs":5}"""));
        string Pairs(double value) => string.Join(",", names.Select(a => $"\"{a}\":{{" + string.Join(",", names.Where(b => b != a).Select(b => FormattableString.Invariant($"\"{b}\":{value}"))) + "}"));
        return $$$"""{"origin":"{{{names[0]}}}","regions":[{{{regions}}}],"network":{"latencyMs":{{{{Pairs(30)}}}},"egressPricePerGb":{{{{Pairs(0.02)}}}},"bandwidthMbps":100}}""";
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"regions-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void RegionsFile_AnyCatalogueAndSubset_AppPlansOverExactlyTheSubsetOfTheFilesRegions()
    {
        var name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 3, 10].Select(s => "r" + s);
        Gen.Select(name.HashSet[2, 6], Gen.Int[0, 1000]).Sample((set, seed) =>
        {
            var names = set.Order(StringComparer.Ordinal).ToList();
            var chosen = names.Where((_, i) => ((seed >> i) & 1) == 1).ToList();
            var path = WriteTemp(CatalogueJson(names));
            try
            {
                var settings = new Dictionary<string, string?>(Valid) { ["Serverless:RegionsFile"] = path, ["Serverless:Regions"] = string.Join(",", chosen) };
                Assert.Null(StartupErrorAsync(settings).GetAwaiter().GetResult());
                var expected = chosen.Count == 0 ? names : chosen;
                Assert.Equal(expected, ServerlessSettings.PlanEnvironmentFor(settings["Serverless:Regions"], path).Regions.Select(r => r.Name));

                // The HTTP API (planner, previews, autoscaler) plans over the same regions.
                using var services = new ServiceCollection().AddServerlessHttpApi(Configuration(settings)).BuildServiceProvider();
                Assert.Equal(expected, services.GetRequiredService<PlanEnvironment>().Regions.Select(r => r.Name));

                // A built-in region the file does not have is refused, naming it and the catalogue's regions.
                var builtIn = PlanEnvironment.Default.Regions[0].Name;
                var error = StartupErrorAsync(new(settings) { ["Serverless:Regions"] = builtIn }).GetAwaiter().GetResult();
                Assert.NotNull(error);
                Assert.Contains("Serverless__Regions", error, StringComparison.Ordinal);
                Assert.Contains(builtIn, error, StringComparison.Ordinal);
                Assert.All(names, n => Assert.Contains(n, error, StringComparison.Ordinal));
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: 15);
    }

    [Fact]
    public void RegionsFile_Relative_IsReadFromTheAppsFolderNotTheWorkingDirectory()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"app-{Guid.NewGuid():N}"));
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "regions.json"), CatalogueJson(["alpha", "beta"]));
            Assert.Equal(["alpha", "beta"], ServerlessSettings.PlanEnvironmentFor(null, "regions.json", folder.FullName).Regions.Select(r => r.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("not json", "not a valid regions JSON")]
    [InlineData("""{"origin":"a","regions":"many"}""", "regions")]
    [InlineData("""{"regions":[{"name":"a","pricePerGbSecond":0.1,"pricePerInvocation":0,"speed":1,"maxMemoryMb":512,"availableInstances":1,"dispatchLatencyMs":1}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":10}}""", "origin")]
    [InlineData("""{"origin":"a","regions":[{"name":"a","pricePerGbSecond":0.1,"pricePerInvocation":0,"speed":-1,"maxMemoryMb":512,"availableInstances":1,"dispatchLatencyMs":1}],"network":{"latencyMs":{},"egressPricePerGb":{},"bandwidthMbps":10}}""", "speed")]
    [InlineData(null, "cannot be read")]
    public async Task RegionsFile_Invalid_StartupAndRegistrationFailNamingTheSettingAndTheField(string? json, string field)
    {
        var path = json is null ? Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json") : WriteTemp(json);
        try
        {
            var settings = new Dictionary<string, string?>(Valid) { ["Serverless:RegionsFile"] = path };
            var error = await StartupErrorAsync(settings);
            Assert.NotNull(error);
            Assert.Contains("Serverless__RegionsFile", error, StringComparison.Ordinal);
            Assert.Contains(field, error, StringComparison.Ordinal);
            var registration = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddServerlessHttpApi(Configuration(settings)));
            Assert.Contains("Serverless__RegionsFile", registration.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StateRetentionMinutes_AnyValue_IsTheRetentionOfEverySubmittedExecution()
    {
        var catalog = RegistryManifestCatalog.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly);
        var graph = catalog.Functions.First(g => g.Segments.Count >= 2);
        foreach (var minutes in new[] { 0, 1, 60, 90, 1440 })
        {
            using var services = new ServiceCollection().AddServerlessSettings(Configuration(new(Valid) { ["Serverless:StateRetentionMinutes"] = minutes.ToString(System.Globalization.CultureInfo.InvariantCulture) })).BuildServiceProvider();
            var options = services.GetRequiredService<IOptions<ServerlessOptions>>();
            var client = new FakeDurableTaskClient();
            var service = new DurableExecutionService(catalog, PlanEnvironment.Default, new InMemoryStateStore(), options);
            var plan = new ApiPlan("one", [new ApiUnit(0, [.. Enumerable.Range(0, graph.Segments.Count)], PlanEnvironment.Default.Regions[0].Name)], new PlanCost(0, 0, 0), 1, 0);

            await DurableClientScope.RunAsync(client, () => service.SubmitAsync(new ExecutionSubmission(
                graph.Function, JsonSerializer.SerializeToElement(graph.Parameters.ToDictionary(p => p.Name, _ => 1)), plan)));

            var scheduled = Assert.IsType<EnginePlan>(Assert.Single(client.Scheduled).Input);
            Assert.Equal(minutes * 60, scheduled.Options.RetentionSeconds);
        }
    }

    [Fact]
    public void Role_Default_IsWhatDocsConfigurationSays()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "configuration.md"));
        var row = docs.Split('\n').Single(l => l.StartsWith("| `Serverless__Role`", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal($"`{new ServerlessOptions().Role}`", cells[3]);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above the test binaries.");
    }
}

/// <summary>docs/configuration.md lists exactly the settings the app binds or reads, with the defaults the code has.</summary>
public sealed class ConfigurationDocsTests
{
    // Read by name rather than bound to an options class: the ARM provisioner's settings (ArmProvisionerOptions.FromSettings),
    // the task hub (host.json) and the Azure Monitor exporter.
    private static readonly string[] ReadByName =
    [
        "Serverless__SubscriptionId", "Serverless__ResourceGroup", "Serverless__DeploymentTemplatePath",
        "Serverless__DeploymentParameters__{name}", "Serverless__TaskHub", "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    private static Dictionary<string, string[]> Rows()
        => File.ReadAllLines(Path.Combine(ServerlessSettingsTests.RepositoryRoot(), "docs", "configuration.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => c[1].Trim('`'), c => c, StringComparer.Ordinal);

    private static IEnumerable<string> Bound(Type type, string prefix)
        => type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => prefix + p.Name);

    [Fact]
    public void Table_ListsExactlyTheSettingsTheCodeReads()
    {
        var read = Bound(typeof(ServerlessOptions), "Serverless__")
            .Concat(Bound(typeof(Serverless.Azure.Configuration.AdapterSettings), "Serverless__"))
            .Concat(Bound(typeof(Serverless.Functions.Market.MarketSettings), "Serverless__Market__"))
            .Concat(Bound(typeof(DispatchSettings), "Serverless__Dispatch__"))
            .Concat(ReadByName)
            .ToHashSet(StringComparer.Ordinal);
        var documented = Rows().Keys.ToHashSet(StringComparer.Ordinal);

        Assert.True(
            read.SetEquals(documented),
            $"Read but not documented: [{string.Join(", ", read.Except(documented))}]; documented but not read: [{string.Join(", ", documented.Except(read))}].");
    }

    [Fact]
    public void Table_DefaultsOfBoundSettings_AreTheCodes()
    {
        var rows = Rows();
        var defaults = new (string Key, object? Value)[]
        {
            ("Serverless__Role", new ServerlessOptions().Role),
            ("Serverless__WorkerConcurrency", new ServerlessOptions().WorkerConcurrency),
            ("Serverless__StateRetentionMinutes", new ServerlessOptions().StateRetentionMinutes),
            ("Serverless__CompletionQueue", new ServerlessOptions().CompletionQueue),
            ("Serverless__Bus", new Serverless.Azure.Configuration.AdapterSettings().Bus),
            ("Serverless__InlineLimitBytes", new Serverless.Azure.Configuration.AdapterSettings().InlineLimitBytes),
            ("Serverless__Market__InstanceMemoryMb", new Serverless.Functions.Market.MarketSettings().InstanceMemoryMb),
            ("Serverless__Market__Slots", new Serverless.Functions.Market.MarketSettings().Slots),
            ("Serverless__Market__MinInstances", new Serverless.Functions.Market.MarketSettings().MinInstances),
            ("Serverless__Market__MaxInstances", new Serverless.Functions.Market.MarketSettings().MaxInstances),
            ("Serverless__Market__IntervalSeconds", new Serverless.Functions.Market.MarketSettings().IntervalSeconds),
            ("Serverless__Market__ScaleUpCooldownSeconds", new Serverless.Functions.Market.MarketSettings().ScaleUpCooldownSeconds),
            ("Serverless__Market__ScaleDownCooldownSeconds", new Serverless.Functions.Market.MarketSettings().ScaleDownCooldownSeconds),
            ("Serverless__Market__ScaleDownWindowSeconds", new Serverless.Functions.Market.MarketSettings().ScaleDownWindowSeconds),
            ("Serverless__Market__BacklogPerInstance", new Serverless.Functions.Market.MarketSettings().BacklogPerInstance),
            ("Serverless__DeploymentTemplatePath", Serverless.Azure.Provisioning.ArmProvisionerOptions.DefaultTemplatePath),
        };

        Assert.All(defaults, d => Assert.Equal(FormattableString.Invariant($"`{d.Value}`"), rows[d.Key][3]));
    }
}
