using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class AppSettingsTests(CompiledInfra infra)
{
    private static IReadOnlySet<string> SampleServerlessKeys()
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryPaths.LocalSettingsSample))!["Values"]!.AsObject();
        return values.Select(v => v.Key).Where(k => k.StartsWith("Serverless__", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    private List<(string Where, JsonObject Site)> Sites() =>
        infra.AllDeployedTemplates()
            .SelectMany(n => n.Declared(SecretScanner.SitesType).Select(s => ($"{n.Path}/{s.Name}", s.Resource)))
            .ToList();

    [Fact]
    public void Sites_ServerlessSettings_AreExactlyTheKeysOfLocalSettingsSample()
    {
        var expected = SampleServerlessKeys();
        var sites = Sites();

        Assert.NotEmpty(expected);
        Assert.NotEmpty(sites);
        foreach (var (where, site) in sites)
        {
            var names = SecretScanner.AppSettings(site).Select(s => s.Name).ToList();
            Assert.True(names.Count == names.Distinct(StringComparer.OrdinalIgnoreCase).Count(), $"{where} sets an app setting twice: {string.Join(", ", names)}");
            var serverless = names.Where(n => n.StartsWith("Serverless__", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            Assert.True(
                serverless.SetEquals(expected),
                $"{where}: missing [{string.Join(", ", expected.Except(serverless))}], not in local.settings.sample.json [{string.Join(", ", serverless.Except(expected))}].");
        }
    }

    [Fact]
    public void Templates_AllNested_HaveNoSecretInAppSettingsOrOutputs()
    {
        var findings = infra.AllDeployedTemplates()
            .Concat(infra.Templates.Select(t => new TemplateNode(t.Key, t.Value, null, null)))
            .SelectMany(n => SecretScanner.Scan(n.Path, n.Template))
            .ToList();

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void Sites_ConnectionSettings_AreEmptyAndIdentitySettingsNameTheAppIdentity()
    {
        foreach (var (where, site) in Sites())
        {
            var settings = SecretScanner.AppSettings(site).ToDictionary(
                s => s.Name,
                s => s.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : s.Value?.ToJsonString(),
                StringComparer.Ordinal);
            Assert.Equal("", settings["Serverless__StorageConnection"]);
            Assert.Equal("", settings["Serverless__ServiceBusConnection"]);
            // The bus is the `bus` parameter: one of the two the app runs on Azure (memory is for tests only).
            Assert.Equal("[parameters('bus')]", settings["Serverless__Bus"]);
            var busParameter = infra.Template("modules/function-app.bicep")["parameters"]!["bus"]!;
            Assert.Equal(["servicebus", "storagequeue"], busParameter["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
            Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
            Assert.Equal(settings["Serverless__StorageAccountName"], settings["AzureWebJobsStorage__accountName"]);

            // Both client id settings read the identity the site runs as.
            var identity = Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject()).Key;
            Assert.Contains("resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))", identity, StringComparison.Ordinal);
            var functionApp = infra.Template("modules/function-app.bicep");
            Assert.Equal("[parameters('identityName')]", functionApp["resources"]!["identity"]!["name"]!.GetValue<string>());
            Assert.Equal("[reference('identity').clientId]", settings["Serverless__ManagedIdentityClientId"]);
            Assert.Equal(settings["Serverless__ManagedIdentityClientId"], settings["AzureWebJobsStorage__clientId"]);

            // Flex Consumption rejects these; the runtime lives in functionAppConfig.
            foreach (var forbidden in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "AzureWebJobsStorage" })
            {
                Assert.False(settings.ContainsKey(forbidden), $"{where} sets {forbidden}.");
            }
        }
    }

    [Fact]
    public void Sites_WithParametersFile_EvaluateSettingsTheAppCanParse()
    {
        var arguments = InfraDeployments.ParametersFile();
        var sites = InfraDeployments.ExpandMain(infra.Main, arguments).OfType(InfraDeployments.SitesType).ToList();

        Assert.All(sites, site =>
        {
            Assert.Contains(site.Setting("Serverless__Role"), new[] { "orchestrator", "regional" });
            Assert.True(int.Parse(site.Setting("Serverless__InlineLimitBytes"), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.True(int.Parse(site.Setting("Serverless__StateRetentionMinutes"), System.Globalization.CultureInfo.InvariantCulture) > 0);
            Assert.Equal(arguments["completionQueueName"]!.GetValue<string>(), site.Setting("Serverless__CompletionQueue"));
            Assert.Equal(ArmEvaluator.SubscriptionId, site.Setting("Serverless__SubscriptionId"));
            Assert.Equal("rg-splitter", site.Setting("Serverless__ResourceGroup"));
            Assert.Equal("infra/regional-app.json", site.Setting("Serverless__DeploymentTemplatePath"));
            Assert.StartsWith("st", site.Setting("Serverless__StorageAccountName"), StringComparison.Ordinal);
        });
        Assert.Equal(
            arguments["taskHubName"]!.GetValue<string>(),
            Assert.Single(sites, s => s.Setting("Serverless__Role") == "orchestrator").Setting("Serverless__TaskHub"));
    }
}
