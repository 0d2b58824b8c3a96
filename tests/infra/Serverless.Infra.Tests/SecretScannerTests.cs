using System.Text.Json.Nodes;
using CsCheck;

namespace Serverless.Infra.Tests;

/// <summary>The scanner behind the no-secrets test finds what it must find and nothing else.</summary>
public sealed class SecretScannerTests
{
    private static JsonObject TemplateWith(string settingName, string settingValue, string outputName = "appName", string outputValue = "[parameters('appName')]") => new()
    {
        ["resources"] = new JsonObject
        {
            ["site"] = new JsonObject
            {
                ["type"] = "Microsoft.Web/sites",
                ["properties"] = new JsonObject
                {
                    ["siteConfig"] = new JsonObject
                    {
                        ["appSettings"] = new JsonArray(new JsonObject { ["name"] = settingName, ["value"] = settingValue }),
                    },
                },
            },
            ["applicationInsights"] = new JsonObject { ["type"] = "Microsoft.Insights/components", ["existing"] = true },
        },
        ["outputs"] = new JsonObject { [outputName] = new JsonObject { ["type"] = "string", ["value"] = outputValue } },
    };

    [Theory]
    [InlineData("AzureWebJobsStorage", "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('n'), listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('n')), '2023-01-01').keys[0].value)]")]
    [InlineData("Serverless__ServiceBusConnection", "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abc")]
    [InlineData("Serverless__StorageConnection", "[parameters('storageConnection')]")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=abc;IngestionEndpoint=https://x")]
    [InlineData("BLOB_URL", "https://a.blob.core.windows.net/c?sv=2022&sig=abc")]
    public void Scan_SecretInAppSetting_IsReported(string name, string value)
    {
        Assert.NotEmpty(SecretScanner.Scan("t", TemplateWith(name, value)));
    }

    [Theory]
    [InlineData("storageConnectionString", "[parameters('x')]")]
    [InlineData("accountKey", "[listKeys(parameters('id'), '2023-01-01').keys[0].value]")]
    [InlineData("url", "[format('{0};AccountKey={1}', parameters('a'), parameters('b'))]")]
    public void Scan_SecretInOutput_IsReported(string name, string value)
    {
        Assert.NotEmpty(SecretScanner.Scan("t", TemplateWith("Serverless__Role", "regional", name, value)));
    }

    [Fact]
    public void Scan_InsightsConnectionStringReadFromTheComponent_IsAllowed()
    {
        Assert.Empty(SecretScanner.Scan("t", TemplateWith("APPLICATIONINSIGHTS_CONNECTION_STRING", "[reference('applicationInsights').ConnectionString]")));
        Assert.NotEmpty(SecretScanner.Scan("t", TemplateWith("APPLICATIONINSIGHTS_CONNECTION_STRING", "[reference('elsewhere').ConnectionString]")));
    }

    [Fact]
    public void Scan_AnyValueCarryingACredentialMarker_IsReported()
    {
        var markers = Gen.OneOfConst("AccountKey=", "SharedAccessKey=", "DefaultEndpointsProtocol=https", "Endpoint=sb://", "sig=", "[listKeys(", "[listAccountSas(");
        var filler = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789;=/."], 0, 30];
        Gen.Select(filler, markers, filler, Gen.OneOfConst("Serverless__Region", "MY_SETTING", "Serverless__TaskHub"))
            .Sample((before, marker, after, name) =>
            {
                var value = marker.StartsWith('[') ? $"{marker}'{before}{after}')]" : before + marker + after;
                Assert.NotEmpty(SecretScanner.Scan("t", TemplateWith(name, value)));
            });
    }

    [Fact]
    public void Scan_PlainIdentifiersInNonSecretSettings_AreNotReported()
    {
        var plain = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-,"], 0, 40];
        Gen.Select(plain, Gen.OneOfConst("Serverless__Region", "Serverless__Regions", "Serverless__TaskHub", "AzureWebJobsStorage__accountName", "Serverless__ManagedIdentityClientId"))
            .Where((value, _) => !value.Contains("sig=", StringComparison.Ordinal))
            .Sample((value, name) => Assert.Empty(SecretScanner.Scan("t", TemplateWith(name, value))));
    }
}
