using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Serverless.Azure.Telemetry;
using Serverless.Orchestrations.Observability;

namespace Serverless.Infra.Tests;

/// <summary>
/// Telemetry as the deployed apps configure it: the settings every site of the compiled main.bicep gets (deployment-time
/// values such as client ids and the component's connection string stood in deterministically) make the app export
/// to its Application Insights component signed in with its own managed identity, because the component accepts
/// Entra ID-authenticated telemetry only; and the engine's meter is part of what is exported.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class TelemetrySettingsTests(CompiledInfra infra)
{
    [Fact]
    public void Sites_DeployedSettings_ExportToTheComponentWithTheirOwnManagedIdentity()
    {
        var sites = InfraDeployments.ExpandMain(infra.Main, InfraDeployments.ParametersFile(), deploymentValues: true).OfType(InfraDeployments.SitesType).ToList();
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        Assert.True(sites.Count >= 2);
        foreach (var site in sites)
        {
            var configuration = Configuration(site);

            var identity = AzureMonitorTelemetry.Identity(configuration);
            Assert.NotNull(identity);
            Assert.Equal(configuration["Serverless:ManagedIdentityClientId"], identity.ClientId);
            Assert.True(clientIds.Add(identity.ClientId!), $"{site.Name} shares its telemetry identity with another app");
            Assert.IsType<ManagedIdentityCredential>(AzureMonitorTelemetry.Credential(configuration));

            var services = new ServiceCollection();
            services.AddLogging();
            services.AddOpenTelemetry().AddSplitterTelemetry(configuration);
            using var provider = services.BuildServiceProvider();
            var options = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
            Assert.Equal(configuration[AzureMonitorTelemetry.ConnectionStringSetting], options.ConnectionString);
            Assert.IsType<ManagedIdentityCredential>(options.Credential);
        }
    }

    [Fact]
    public void LocalSettings_NoConnectionString_ExportNothingButStillMeterTheEngine()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection().Build();
        Assert.Null(AzureMonitorTelemetry.Identity(configuration));
        var exported = new List<Metric>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpenTelemetry().AddSplitterTelemetry(configuration).WithMetrics(m => m.AddInMemoryExporter(exported));
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).Credential);
        var meters = provider.GetRequiredService<MeterProvider>();

        var region = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        SplitterMetrics.UnitRan(region, "succeeded", 12.5);
        SplitterMetrics.RegionObserved(region, instances: 2, backlog: 9, declined: 1);
        meters.ForceFlush();

        var names = exported.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["splitter.units", "splitter.unit.duration", "splitter.instances", "splitter.queue.backlog", "splitter.bids.declined"]), names);
        Assert.All(exported, m => Assert.Equal(SplitterMetrics.MeterName, m.MeterName));
    }

    [Theory]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", "11111111-2222-3333-4444-555555555555")]
    [InlineData(" authorization = aad ; ", null)]
    public void Identity_AuthenticationString_NamesTheIdentity(string text, string? clientId)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AzureMonitorTelemetry.AuthenticationStringSetting] = text }).Build();
        Assert.Equal(clientId, AzureMonitorTelemetry.Identity(configuration)!.ClientId);
    }

    [Theory]
    [InlineData("ClientId=abc")]
    [InlineData("Authorization=Key")]
    [InlineData("AAD")]
    public void Identity_MalformedAuthenticationString_NamesTheSetting(string text)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AzureMonitorTelemetry.AuthenticationStringSetting] = text }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => AzureMonitorTelemetry.Identity(configuration));
        Assert.Contains(AzureMonitorTelemetry.AuthenticationStringSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostJson_TelemetryMode_IsOpenTelemetry()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")))!;
        Assert.Equal("OpenTelemetry", host["telemetryMode"]!.GetValue<string>());
    }

    /// <summary>Every app setting of the site, evaluated with deployment-time stand-ins, as the Functions host reads them.</summary>
    private static IConfiguration Configuration(ExpandedResource site)
    {
        var at = site.Evaluator;
        var settings = site.RawSettings().ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)at.EvaluateToString(s.Value), StringComparer.Ordinal);
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
