using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Serverless.Azure.Provisioning;

namespace Serverless.Azure.Tests.Provisioning;

/// <summary>
/// <see cref="ArmProvisioner.ScaleAsync"/> against a recording transport: the ARM requests that set a region's
/// always-ready instance count on its Flex Consumption app (deployment outputs → site → PATCH), no Azure needed.
/// </summary>
public sealed class ArmProvisionerScaleTests
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string Group = "rg-splitter-test";
    private const string App = "func-dev-eastus-abc123";

    [Fact]
    public async Task ScaleAsync_AnyCount_PatchesOnlyTheAlwaysReadyCountOfItsGroup()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var instances = random.Next(0, 60);
            var arm = new FakeArm();

            await Create(arm).ScaleAsync("eastus", instances);

            var patch = Assert.Single(arm.Requests, r => r.Method == HttpMethod.Patch);
            Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.Web/sites/{App}", patch.Uri.AbsolutePath);
            Assert.Equal("?api-version=2024-11-01", patch.Uri.Query);
            Assert.Equal("Bearer test-token", patch.Authorization);
            var config = JsonNode.Parse(patch.Body!)!["properties"]!["functionAppConfig"]!;
            var ready = config["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();
            Assert.Equal(instances, ready.Single(e => e!["name"]!.GetValue<string>() == "http")!["instanceCount"]!.GetValue<int>());
            Assert.Equal(1, ready.Single(e => e!["name"]!.GetValue<string>() == "durable")!["instanceCount"]!.GetValue<int>());
            Assert.Equal(100, config["scaleAndConcurrency"]!["maximumInstanceCount"]!.GetValue<int>());
            Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());

            // The app's name came from the region's deployment outputs.
            Assert.Contains(arm.Requests, r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.EndsWith("/providers/Microsoft.Resources/deployments/serverless-eastus", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ScaleAsync_RegionNeverDeployed_ThrowsNamingTheRegionAndPatchesNothing()
    {
        var arm = new FakeArm { Deployed = false };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(arm).ScaleAsync("eastus", 3));

        Assert.Contains("eastus", ex.Message, StringComparison.Ordinal);
        Assert.Contains("deploy", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(arm.Requests, r => r.Method == HttpMethod.Patch);
    }

    [Fact]
    public async Task ScaleAsync_AppNotOnFlexConsumption_ThrowsSayingSo()
    {
        var arm = new FakeArm { Flex = false };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(arm).ScaleAsync("eastus", 3));

        Assert.Contains("Flex Consumption", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(arm.Requests, r => r.Method == HttpMethod.Patch);
    }

    [Theory]
    [InlineData("eastus", -1)]
    [InlineData("East US", 2)]
    public async Task ScaleAsync_BadRegionOrCount_ThrowsBeforeCallingArm(string region, int instances)
    {
        var arm = new FakeArm();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Create(arm).ScaleAsync(region, instances));

        Assert.Empty(arm.Requests);
    }

    private static ArmProvisioner Create(FakeArm arm)
    {
        var clientOptions = new ArmClientOptions { Transport = new HttpClientTransport(new HttpClient(arm)) };
        clientOptions.Retry.MaxRetries = 0;
        return new ArmProvisioner(new FakeCredential(), new ArmProvisionerOptions { SubscriptionId = Subscription, ResourceGroup = Group, TemplateJson = """{"parameters":{}}""" }, clientOptions);
    }

    private sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? Authorization);

    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Answers like ARM: the resource group, the region's deployment with its outputs, the Flex Consumption site; records everything.</summary>
    private sealed class FakeArm : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        public bool Deployed { get; init; } = true;

        public bool Flex { get; init; } = true;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString()));
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith($"/resourceGroups/{Group}", StringComparison.OrdinalIgnoreCase))
            {
                return Json(HttpStatusCode.OK, $$$"""{"id":"/subscriptions/{{{Subscription}}}/resourceGroups/{{{Group}}}","name":"{{{Group}}}","type":"Microsoft.Resources/resourceGroups","location":"westeurope","properties":{"provisioningState":"Succeeded"}}""");
            }

            if (path.EndsWith("/providers/Microsoft.Resources/deployments/serverless-eastus", StringComparison.Ordinal))
            {
                return Deployed
                    ? Json(HttpStatusCode.OK, """{"name":"serverless-eastus","properties":{"provisioningState":"Succeeded","outputs":{"appName":{"type":"String","value":""" + "\"" + App + "\"}}}}")
                    : Json(HttpStatusCode.NotFound, """{"error":{"code":"DeploymentNotFound","message":"not found"}}""");
            }

            if (path.EndsWith($"/providers/Microsoft.Web/sites/{App}", StringComparison.Ordinal))
            {
                if (request.Method == HttpMethod.Patch)
                {
                    return Json(HttpStatusCode.OK, body!);
                }

                var config = Flex
                    ? ""","functionAppConfig":{"deployment":{"storage":{"type":"blobContainer","value":"https://x/c"}},"scaleAndConcurrency":{"maximumInstanceCount":100,"instanceMemoryMB":2048,"alwaysReady":[{"name":"durable","instanceCount":1},{"name":"http","instanceCount":7}]},"runtime":{"name":"dotnet-isolated","version":"10.0"}}"""
                    : string.Empty;
                return Json(HttpStatusCode.OK, "{\"name\":\"" + App + "\",\"properties\":{\"state\":\"Running\"" + config + "}}");
            }

            return Json(HttpStatusCode.BadRequest, """{"error":{"code":"Unexpected","message":"unexpected request"}}""");
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json)
            => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
