using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Serverless.Azure.Provisioning;
using Serverless.Orchestrations.Ports;

namespace Serverless.Infra.Tests;

/// <summary>
/// The orchestrator app's ARM provisioner as main.bicep configures it: the compiled main.bicep is evaluated for a
/// two-region parameter file, the orchestrator site's app settings become the configuration the real
/// <see cref="ArmProvisioner"/> is built from, and a recording transport answers like ARM. Nothing is passed by hand.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class ProvisionerFromDeploymentTests(CompiledInfra infra) : IDisposable
{
    private const string NewRegion = "northeurope";

    // Settings whose values ARM knows only at deployment time (reference()); the provisioner reads none of them.
    private static readonly string[] RunTimeSettings = ["Serverless__ManagedIdentityClientId", "Serverless__ServiceBusNamespace"];

    // Parameters main.bicep gives its own regional apps that a provisioned region does not take from settings:
    // the region itself, the package URL (a secret) and the user's extra tags.
    private static readonly string[] PerDeploymentParameters = ["region", "location", "packageUri", "tags"];

    private readonly DirectoryInfo _appFolder = Directory.CreateTempSubdirectory("serverless-app-");

    public void Dispose() => _appFolder.Delete(recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("servicebus")]
    [InlineData("storagequeue")]
    public async Task OrchestratorSettings_DeployANewRegion_WithEveryParameterMainGivesItsRegionsAndTheNamesScalingReads(string? bus)
    {
        var arguments = TwoRegions();
        if (bus is not null)
        {
            arguments["bus"] = JsonValue.Create(bus);
        }

        var resources = InfraDeployments.ExpandMain(infra.Main, arguments);
        var orchestrator = Assert.Single(resources.OfType(InfraDeployments.SitesType), s => s.Setting("Serverless__Role") == "orchestrator");
        var settings = EvaluatedSettings(orchestrator);
        var provisioner = CreateProvisioner(settings, out var arm);
        var group = settings["Serverless__ResourceGroup"];
        var regionalModules = RegionalModules(resources);
        Assert.Equal(2, regionalModules.Count);
        foreach (var module in regionalModules)
        {
            // main.bicep's deployments are where the provisioner looks for them, under the name it uses.
            Assert.Equal(group, module.ResourceGroup);
            Assert.Equal(ArmProvisioner.DeploymentNameFor(module.Evaluator.EvaluateToString(ModuleParameter(module, "region"))), module.Name);
            arm.AddDeployment(module.ResourceGroup, module.Name, SiteUnder(resources, module).Name);
        }

        var deployment = await provisioner.DeployAsync(new DeploymentRequest(NewRegion, []));

        Assert.Equal("created", deployment.Outcome);
        var put = Assert.Single(arm.Requests, r => r.Method == HttpMethod.Put);
        Assert.Equal(
            $"/subscriptions/{ArmEvaluator.SubscriptionId}/resourceGroups/{group}/providers/Microsoft.Resources/deployments/{ArmProvisioner.DeploymentNameFor(NewRegion)}",
            put.Uri.AbsolutePath);
        Assert.Equal($"Bearer {StaticTokenCredential.Token}", put.Authorization);
        var body = JsonNode.Parse(put.Body!)!["properties"]!;
        Assert.True(JsonNode.DeepEquals(infra.RegionalApp, body["template"]), "The provisioner deployed a template other than the compiled regional-app.bicep.");
        var sent = body["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["value"], StringComparer.Ordinal);

        // Every parameter regional-app.json requires is sent, with a value of its declared type.
        var declared = infra.RegionalApp["parameters"]!.AsObject();
        foreach (var (name, definition) in declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")))
        {
            Assert.True(sent.TryGetValue(name, out var value) && value is not null, $"The deployment of {NewRegion} lacks the required parameter '{name}'.");
            Assert.Equal(definition!["type"]!.GetValue<string>(), ArmType(value), ignoreCase: true);
        }

        // Everything else main.bicep passes its regional apps is passed the same way for the new region.
        var first = regionalModules[0];
        foreach (var (name, raw) in first.Resource["properties"]!["parameters"]!.AsObject().Where(p => !PerDeploymentParameters.Contains(p.Key)))
        {
            var expected = first.Evaluator.Evaluate(raw!["value"]);
            Assert.True(sent.TryGetValue(name, out var actual), $"main.bicep passes '{name}' to its regional apps; the provisioner does not.");
            if (name == "regions")
            {
                expected!.AsArray().Add(NewRegion);
            }

            Assert.True(JsonNode.DeepEquals(expected, actual), $"'{name}': main.bicep passes {expected?.ToJsonString()}, the provisioner {actual?.ToJsonString()}.");
            Assert.Equal(declared[name]!["type"]!.GetValue<string>(), ArmType(actual), ignoreCase: true);
        }

        Assert.Equal(NewRegion, sent["region"]!.GetValue<string>());

        // What that deployment creates: a worker for the new region on the shared resources main.bicep made.
        var created = InfraDeployments.ExpandRegional(infra.RegionalApp, sent, group);
        var site = Assert.Single(created.OfType(InfraDeployments.SitesType));
        Assert.Equal(NewRegion, site.Setting("Serverless__Region"));
        Assert.Equal("regional", site.Setting("Serverless__Role"));
        Assert.Equal("done", site.Setting("Serverless__CompletionQueue"));
        Assert.StartsWith("DemoHub", site.Setting("Serverless__TaskHub"), StringComparison.Ordinal);
        Assert.Equal(settings["Serverless__StorageAccountName"], site.Setting("Serverless__StorageAccountName"));

        // The new region consumes work on the bus the environment was deployed with (Service Bus by default).
        Assert.Equal(bus ?? "servicebus", settings["Serverless__Bus"]);
        Assert.Equal(settings["Serverless__Bus"], site.Setting("Serverless__Bus"));
        Assert.Equal(bus == "storagequeue" ? "false" : "true", site.Setting("AzureWebJobs.RegionalWorkReceived.Disabled"));
        var namespaceName = Assert.Single(resources, r => r.Type == "Microsoft.ServiceBus/namespaces").Name;
        Assert.Equal($"{namespaceName}/work-{NewRegion}", Assert.Single(created.OfType(InfraDeployments.QueuesType)).Name);

        // Scaling finds every region's app, the ones main.bicep deployed and the one just added.
        foreach (var region in new[] { "westeurope", "eastus", NewRegion })
        {
            await provisioner.ScaleAsync(region, 3);
        }

        var patched = arm.Requests.Where(r => r.Method == HttpMethod.Patch).Select(r => InfraDeployments.Leaf(r.Uri.AbsolutePath)).ToList();
        Assert.Equal([.. regionalModules.Select(m => SiteUnder(resources, m).Name), site.Name], patched);
    }

    [Fact]
    public void OrchestratorSettings_TemplatePath_IsReadFromTheAppFolderNotTheWorkingDirectory()
    {
        var settings = EvaluatedSettings(Assert.Single(
            InfraDeployments.ExpandMain(infra.Main, TwoRegions()).OfType(InfraDeployments.SitesType),
            s => s.Setting("Serverless__Role") == "orchestrator"));
        var relative = settings["Serverless__DeploymentTemplatePath"];
        Assert.False(Path.IsPathRooted(relative));

        // No template in the app folder: the error names the setting and the full path looked at.
        var ex = Assert.Throws<InvalidOperationException>(() => ArmProvisionerOptions.FromSettings(Configuration(settings), _appFolder.FullName));
        Assert.Contains("Serverless__DeploymentTemplatePath", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_appFolder.FullName, relative), ex.Message, StringComparison.Ordinal);

        WriteTemplate();
        var options = ArmProvisionerOptions.FromSettings(Configuration(settings), _appFolder.FullName);
        Assert.NotNull(options);
        Assert.True(JsonNode.DeepEquals(infra.RegionalApp, JsonNode.Parse(options.TemplateJson)));
    }

    private ArmProvisioner CreateProvisioner(Dictionary<string, string> settings, out RecordingArm arm)
    {
        WriteTemplate();
        var options = ArmProvisionerOptions.FromSettings(Configuration(settings), _appFolder.FullName);
        Assert.NotNull(options);
        var group = settings["Serverless__ResourceGroup"];
        arm = new RecordingArm(settings["Serverless__SubscriptionId"], deployment =>
        {
            // The app a PUT deployment creates, as ARM would name it from the sent parameters.
            var parameters = deployment["properties"]!["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["value"]?.DeepClone(), StringComparer.Ordinal);
            return Assert.Single(InfraDeployments.ExpandRegional(deployment["properties"]!["template"]!.AsObject(), parameters, group).OfType(InfraDeployments.SitesType)).Name;
        });
        arm.AddGroup(group);
        return new ArmProvisioner(new StaticTokenCredential(), options, arm.ClientOptions());
    }

    private void WriteTemplate()
    {
        var infraFolder = Directory.CreateDirectory(Path.Combine(_appFolder.FullName, "infra"));
        File.WriteAllText(Path.Combine(infraFolder.FullName, "regional-app.json"), infra.RegionalApp.ToJsonString());
    }

    private static Dictionary<string, JsonNode?> TwoRegions()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "two-regions.parameters.json")))!["parameters"]!.AsObject();
        return file.ToDictionary(p => p.Key, p => p.Value?["value"]?.DeepClone(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The site's Serverless__* settings as the app sees them; only values ARM resolves at deployment time are left out.</summary>
    private static Dictionary<string, string> EvaluatedSettings(ExpandedResource site)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var name in site.RawSettings().Keys.Where(k => k.StartsWith("Serverless__", StringComparison.Ordinal)))
        {
            try
            {
                settings[name] = site.Setting(name);
            }
            catch (NotSupportedException)
            {
                skipped.Add(name);
            }
        }

        Assert.All(skipped, s => Assert.Contains(s, RunTimeSettings));
        return settings;
    }

    /// <summary>The settings as the Functions host reads them: `__` separates sections, as in environment variables.</summary>
    private static IConfigurationSection Configuration(Dictionary<string, string> settings)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build()
            .GetSection("Serverless");

    private List<ExpandedResource> RegionalModules(IReadOnlyList<ExpandedResource> resources)
        => [.. resources.Where(r => r.Type == TemplateNode.DeploymentsType && JsonNode.DeepEquals(r.Resource["properties"]?["template"], infra.RegionalApp))];

    private static JsonNode? ModuleParameter(ExpandedResource module, string name) => module.Resource["properties"]!["parameters"]![name]!["value"];

    private static ExpandedResource SiteUnder(IReadOnlyList<ExpandedResource> resources, ExpandedResource module)
        => Assert.Single(resources.OfType(InfraDeployments.SitesType), s => s.Path.StartsWith(module.Path + "/", StringComparison.Ordinal));

    private static string ArmType(JsonNode? value) => value switch
    {
        JsonArray => "array",
        JsonObject => "object",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "bool",
        JsonValue v when v.TryGetValue<long>(out _) => "int",
        _ => "null",
    };
}
