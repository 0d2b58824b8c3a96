using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serverless.Azure.Telemetry;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Infra.Tests;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Functions.Tests;

/// <summary>
/// The sample Functions app as it starts: the host built from its Program configuration (<c>AddServerlessFunctions</c>)
/// with the app settings each deployed site gets from the compiled main.bicep (deployment-time values stood in), and
/// with local.settings.sample.json. Start-up validation passes, and every function of functions.metadata that the
/// site does not disable (<c>AzureWebJobs.{name}.Disabled</c>) is activated as the worker activates it: its class,
/// and for an activity's trigger, the engine's activity class it creates. The regional work trigger runs on the
/// regional role only, over its region's queue; telemetry goes to Azure Monitor with the site's identity.
/// </summary>
public sealed class AppActivationTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    private static readonly Lazy<JsonElement[]> Metadata = new(() => FunctionsMetadata.Load(SampleFunctionApp.ProjectFolder));

    /// <summary>Every site of the compiled main.bicep: its name and evaluated app settings.</summary>
    private List<(string Site, Dictionary<string, string?> Settings)> DeployedSites(string? bus = null)
    {
        var arguments = InfraDeployments.ParametersFile();
        if (bus is not null)
        {
            arguments["bus"] = JsonValue.Create(bus);
        }

        var sites = InfraDeployments.ExpandMain(infra.Main, arguments, deploymentValues: true).OfType(InfraDeployments.SitesType).ToList();
        Assert.True(sites.Count >= 2, "main.bicep deploys fewer than two function apps");
        return [.. sites.Select(s => (s.Name, s.RawSettings().ToDictionary(kv => kv.Key, kv => (string?)s.Evaluator.EvaluateToString(kv.Value), StringComparer.Ordinal)))];
    }

    private static Dictionary<string, string?> LocalSettingsSample()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsMetadata.RepositoryRoot(), "local.settings.sample.json")))!["Values"]!.AsObject();
        return values.ToDictionary(v => v.Key, v => (string?)v.Value!.GetValue<string>(), StringComparer.Ordinal);
    }

    /// <summary>The app's host as Program builds it, over <paramref name="appSettings"/> (named as in app settings, <c>__</c> for sections).</summary>
    private static IHost BuildApp(Dictionary<string, string?> appSettings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(appSettings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        // What the Functions host passes the worker process when it starts it (the worker connects only when the host runs).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:65000",
            ["Functions:Worker:WorkerId"] = "activation-test",
            ["Functions:Worker:RequestId"] = "activation-test",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        });
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSingleton(SampleFunctionApp.Catalogue());
        builder.AddServerlessFunctions();
        return builder.Build();
    }

    private static bool Disabled(Dictionary<string, string?> settings, string function)
        => settings.TryGetValue($"AzureWebJobs.{function}.Disabled", out var value) && bool.TryParse(value, out var disabled) && disabled;

    /// <summary>Activates each enabled function the way the worker does; returns the instances by function name.</summary>
    private static Dictionary<string, object> ActivateEnabledFunctions(IHost app, Dictionary<string, string?> settings)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        using var scope = app.Services.CreateScope();
        var activated = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var function in Metadata.Value)
        {
            var name = FunctionsMetadata.Name(function);
            if (Disabled(settings, name))
            {
                continue;
            }

            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var assembly = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, function.GetProperty("scriptFile").GetString()!));
            var type = assembly.GetType(entryPoint[..entryPoint.LastIndexOf('.')], throwOnError: true)!;
            try
            {
                // A static class (a generated trigger) has no instance; an activity's trigger creates the activity class.
                activated[name] = type is { IsAbstract: true, IsSealed: true } ? type : ActivatorUtilities.CreateInstance(scope.ServiceProvider, type);
                // Without ARM settings the app has no provisioner, and the autoscaler then never calls the activities that need one.
                if (ActivityClass(name) is { } activity && (NeedsNoProvisioner(activity) || scope.ServiceProvider.GetService<IProvisioner>() is not null))
                {
                    ActivatorUtilities.CreateInstance(scope.ServiceProvider, activity);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or ArgumentException)
            {
                throw new Xunit.Sdk.XunitException($"function '{name}' ({entryPoint}) cannot be activated: {ex.Message}");
            }
        }

        return activated;
    }

    private static bool NeedsNoProvisioner(Type activity)
        => !activity.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.ParameterType == typeof(IProvisioner));

    /// <summary>The engine's activity class a trigger of that name creates with the app's services, if any.</summary>
    private static Type? ActivityClass(string name)
        => typeof(Serverless.Orchestrations.Orchestrators.ExecutePlanOrchestrator).Assembly.GetTypes()
            .SingleOrDefault(t => t is { IsAbstract: false, IsPublic: true } && t.Name == name && typeof(ITaskActivity).IsAssignableFrom(t));

    [Fact]
    public void DeployedSites_EveryEnabledFunction_Activates()
    {
        foreach (var (site, settings) in DeployedSites())
        {
            using var app = BuildApp(settings);
            var activated = ActivateEnabledFunctions(app, settings);

            Assert.True(activated.Count > 10, $"{site}: only {activated.Count} functions are enabled");
            Assert.Equal(Metadata.Value.Length, activated.Count + Metadata.Value.Count(f => Disabled(settings, FunctionsMetadata.Name(f))));
        }
    }

    [Theory]
    [InlineData("servicebus")]
    [InlineData("storagequeue")]
    public void DeployedSites_RegionalWorkTrigger_RunsOnTheRegionalRoleOnlyOverItsRegionsQueue(string bus)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (site, settings) in DeployedSites(bus))
        {
            Assert.Equal(bus, settings["Serverless__Bus"]);
            var role = settings["Serverless__Role"]!;
            roles.Add(role);
            var region = settings["Serverless__Region"]!;
            using var app = BuildApp(settings);
            var activated = ActivateEnabledFunctions(app, settings);
            var pollers = app.Services.GetServices<IHostedService>().Where(s => s.GetType().Name == "RegionalWorkerPoller").ToList();
            if (role == "regional" && bus == "storagequeue")
            {
                // Storage Queues: the trigger alone hands the worker its region's work items (the platform scales on it).
                var trigger = Assert.IsType<WorkQueueFunctions>(activated[WorkQueueFunctions.Name]);
                Assert.NotNull(trigger);
                Assert.Equal(region, app.Services.GetRequiredService<RegionalWorker>().Region);
                var queue = WorkQueueFunctions.QueueExpression.Replace("%Serverless__Region%", region, StringComparison.Ordinal);
                Assert.Equal(QueueNames.Work(region), queue);
                Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", queue);
                Assert.True(Disabled(settings, CompletionQueueFunctions.Name), $"{site}: a regional app must not take completions off the shared queue");
                Assert.Empty(pollers);
            }
            else if (role == "regional")
            {
                // Service Bus has no trigger extension here: the worker polls work-{region}, and the trigger is off.
                Assert.DoesNotContain(WorkQueueFunctions.Name, activated.Keys);
                Assert.Equal(region, app.Services.GetRequiredService<RegionalWorker>().Region);
                Assert.True(Disabled(settings, CompletionQueueFunctions.Name), $"{site}: a regional app must not take completions off the shared queue");
                Assert.Single(pollers);
            }
            else
            {
                Assert.DoesNotContain(WorkQueueFunctions.Name, activated.Keys);
                Assert.Contains(CompletionQueueFunctions.Name, activated.Keys);
                Assert.Null(app.Services.GetService<RegionalWorker>());
                Assert.Empty(pollers);
            }
        }

        Assert.Equal(["orchestrator", "regional"], roles.Order());
    }

    [Fact]
    public void DeployedSites_Telemetry_ExportsToTheComponentWithTheSitesManagedIdentity()
    {
        foreach (var (site, settings) in DeployedSites())
        {
            using var app = BuildApp(settings);

            // The providers are registered (not built here: the exporter would start sending to the stand-in endpoint).
            var registered = app.Services.GetRequiredService<IServiceProviderIsService>();
            Assert.True(registered.IsService(typeof(TracerProvider)) && registered.IsService(typeof(MeterProvider)), $"{site} registers no OpenTelemetry providers");
            var exporter = app.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
            Assert.Equal(settings[AzureMonitorTelemetry.ConnectionStringSetting], exporter.ConnectionString);
            Assert.False(string.IsNullOrWhiteSpace(exporter.ConnectionString), $"{site} has no Application Insights connection string");
            Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        }
    }

    [Fact]
    public void LocalSettingsSample_EveryFunction_ActivatesAndTheQueueTriggerAloneConsumesWork()
    {
        var settings = LocalSettingsSample();
        using var app = BuildApp(settings);
        var activated = ActivateEnabledFunctions(app, settings);

        Assert.Equal(Metadata.Value.Select(FunctionsMetadata.Name).Order(), activated.Keys.Order());
        Assert.IsType<WorkQueueFunctions>(activated[WorkQueueFunctions.Name]);
        Assert.Equal(settings["Serverless__Region"], app.Services.GetRequiredService<RegionalWorker>().Region);

        // No ARM settings: no provisioner, so /function/deploy answers 503 and the autoscaler does not provision.
        Assert.Null(app.Services.GetService<IProvisioner>());

        // Storage Queues: the trigger hands the worker its work items; no hosted poller competes for them.
        Assert.Equal("storagequeue", settings["Serverless__Bus"]);
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().Name == "RegionalWorkerPoller");

        // No Application Insights: nothing is exported, but the engine's sources and meter are still registered.
        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.True(string.IsNullOrEmpty(app.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).ConnectionString));
    }
}
