using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using CsCheck;
using Serverless.Azure.Provisioning;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Tests;

/// <summary>
/// The ARM provisioner against a recording transport: the requests it would send to Azure Resource Manager
/// (resource group lookup, deployment PUT with the compiled Bicep template and parameters, polling), no Azure needed.
/// </summary>
public sealed class ArmProvisionerTests
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string Group = "rg-splitter-test";

    private static readonly string Template = File.ReadAllText(Path.Combine(RepoRoot(), "infra", "regional-app.json"));

    [Fact]
    public async Task Deploy_Region_LooksUpTheGroupThenPutsAnIncrementalDeploymentOfTheCompiledTemplate()
    {
        var arm = new FakeArm(["Accepted", "Running", "Succeeded"]);
        var provisioner = Create(arm);
        var functions = new[] { new VirtualFunction("Demo.A.B/u0@northeurope", "Demo.A.B", 0, [0, 1], "northeurope", 1024, 60, "1.0.0") };

        var result = await provisioner.DeployAsync(new DeploymentRequest("northeurope", functions));

        Assert.Equal("serverless-northeurope", result.DeploymentName);
        Assert.Equal("created", result.Outcome);
        Assert.Equal(functions, result.Functions);
        var (getGroup, probe, put) = (arm.Requests[0], arm.Requests[1], arm.Requests[2]);
        Assert.Equal(HttpMethod.Get, getGroup.Method);
        Assert.Equal(HttpMethod.Get, probe.Method);
        Assert.Equal(put.Uri, probe.Uri);
        Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/{Group}", getGroup.Uri.AbsolutePath, ignoreCase: true);
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Equal("management.azure.com", put.Uri.Host);
        Assert.Equal($"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.Resources/deployments/serverless-northeurope", put.Uri.AbsolutePath);
        Assert.Equal("?api-version=2024-03-01", put.Uri.Query);
        Assert.Equal("Bearer test-token", put.Authorization);

        var body = JsonNode.Parse(put.Body!)!;
        Assert.Equal("Incremental", body["properties"]!["mode"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Template), body["properties"]!["template"]));
        var parameters = body["properties"]!["parameters"]!.AsObject();
        Assert.Equal("northeurope", parameters["region"]!["value"]!.GetValue<string>());
        Assert.Equal("northeurope", parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("dev", parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.False(parameters.ContainsKey("notATemplateParameter"), "parameters the template does not declare must not be sent");

        Assert.Equal("northeurope", body["tags"]!["serverless-region"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{64}$", body["tags"]![ArmProvisioner.FingerprintTag]!.GetValue<string>());

        // polled until a terminal state
        Assert.Equal(5, arm.Requests.Count);
        Assert.All(arm.Requests.Skip(3), r => Assert.Equal(put.Uri, r.Uri));
        Assert.Equal(functions, await provisioner.ListAsync("Demo.A.B"));
    }

    [Fact]
    public async Task Deploy_SameRegionTwice_SecondFindsItDeployedAndSendsNothing()
    {
        var arm = new FakeArm(["Succeeded"]);
        var provisioner = Create(arm);
        var request = new DeploymentRequest("eastus", [new VirtualFunction("Demo.A.B/u0@eastus", "Demo.A.B", 0, [0], "eastus", 512, 30, "1.0.0")]);
        Assert.Equal("created", (await provisioner.DeployAsync(request)).Outcome);

        var second = await Create(arm).DeployAsync(request);

        Assert.Equal("unchanged", second.Outcome);
        Assert.Single(arm.Requests, r => r.Method == HttpMethod.Put);
        Assert.Contains(arm.Requests, r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.EndsWith("/providers/Microsoft.Web/sites/func-region", StringComparison.Ordinal));
    }

    public static TheoryData<string> Redeployments => ["template changed", "parameter changed", "app deleted", "deployed by bicep", "last deployment failed"];

    [Theory]
    [MemberData(nameof(Redeployments))]
    public async Task Deploy_RegionNotRunningExactlyThis_DeploysAgainAndReportsAnUpdate(string why)
    {
        var arm = new FakeArm(why == "last deployment failed" ? ["Failed", "Succeeded"] : ["Succeeded"]);
        var provisioner = Create(arm);
        var function = new VirtualFunction("Demo.A.B/u0@eastus", "Demo.A.B", 0, [0], "eastus", 512, 30, "1.0.0");
        var request = new DeploymentRequest("eastus", [function]);
        switch (why)
        {
            case "deployed by bicep":
                arm.DeployedByBicep();
                break;
            case "last deployment failed":
                await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.DeployAsync(request));
                break;
            default:
                await provisioner.DeployAsync(request);
                break;
        }

        arm.SiteExists = why != "app deleted";
        var changed = why switch
        {
            // What an upgraded product ships: the same template with one more output.
            "template changed" => Create(arm, template: WithExtraOutput(Template)),
            "parameter changed" => Create(arm, environment: "prod"),
            _ => provisioner,
        };
        var puts = arm.Requests.Count(r => r.Method == HttpMethod.Put);

        var result = await changed.DeployAsync(request);

        Assert.Equal("updated", result.Outcome);
        Assert.Equal(puts + 1, arm.Requests.Count(r => r.Method == HttpMethod.Put));
        Assert.Equal([function], await changed.ListAsync("Demo.A.B"));
    }

    [Fact]
    public async Task Deploy_DeploymentFails_ThrowsNamingTheDeploymentAndRegistersNothing()
    {
        var arm = new FakeArm(["Running", "Failed"]);
        var provisioner = Create(arm);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provisioner.DeployAsync(new DeploymentRequest("westeurope", [new VirtualFunction("Demo.A.B/u0@westeurope", "Demo.A.B", 0, [0], "westeurope", 512, 30, "1")])));
        Assert.Contains("serverless-westeurope", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Failed", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await provisioner.ListAsync("Demo.A.B"));
    }

    [Fact]
    public async Task Deploy_ResourceGroupMissing_ThrowsClearErrorWithoutDeploying()
    {
        var arm = new FakeArm(["Succeeded"]) { GroupExists = false };
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Create(arm).DeployAsync(new DeploymentRequest("eastus", [])));
        Assert.Contains(Group, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(arm.Requests, r => r.Method == HttpMethod.Put);
    }

    [Fact]
    public void DeploymentNameFor_AnyString_AcceptsOnlyRegionNames()
    {
        Gen.String[Gen.Char["a-z0-9-/._ A"], 0, 50].Sample(s =>
        {
            var valid = s.Length is > 0 and <= 40 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && s[0] != '-' && s[^1] != '-';
            if (valid)
            {
                var name = ArmProvisioner.DeploymentNameFor(s);
                Assert.Equal("serverless-" + s, name);
                Assert.True(name.Length <= 64);
            }
            else
            {
                Assert.Throws<ArgumentException>(() => ArmProvisioner.DeploymentNameFor(s));
            }
        });
    }

    [Theory]
    [InlineData("not-a-guid", Group)]
    [InlineData(Subscription, "rg/../other")]
    [InlineData(Subscription, "")]
    public void Constructor_BadSubscriptionOrGroup_ThrowsNamingTheSetting(string subscription, string group)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ArmProvisioner(new FakeCredential(), new ArmProvisionerOptions { SubscriptionId = subscription, ResourceGroup = group, TemplateJson = Template }));
        Assert.Contains("Serverless__", ex.Message, StringComparison.Ordinal);
    }

    private static ArmProvisioner Create(FakeArm arm, string? template = null, string environment = "dev")
    {
        var clientOptions = new ArmClientOptions { Transport = new HttpClientTransport(new HttpClient(arm)) };
        clientOptions.Retry.MaxRetries = 0;
        var options = new ArmProvisionerOptions
        {
            SubscriptionId = Subscription,
            ResourceGroup = Group,
            TemplateJson = template ?? Template,
            PollInterval = TimeSpan.FromMilliseconds(1),
            Parameters = new Dictionary<string, JsonNode?>
            {
                ["environmentName"] = environment,
                ["storageAccountName"] = "stsplitterdev",
                ["notATemplateParameter"] = 1,
            },
        };
        return new ArmProvisioner(new FakeCredential(), options, clientOptions);
    }

    private static string WithExtraOutput(string template)
    {
        var node = JsonNode.Parse(template)!;
        node["outputs"]!["added"] = new JsonObject { ["type"] = "string", ["value"] = "x" };
        return node.ToJsonString();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test binaries.");
    }

    private sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? Authorization);

    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    /// <summary>
    /// Records every request and answers like ARM: the resource group; a deployment that does not exist until it is
    /// PUT, then the next of its provisioning states on each request until a terminal one, which stays, its tags as sent and an <c>appName</c> output;
    /// the app's site while <see cref="SiteExists"/>.
    /// </summary>
    private sealed class FakeArm(string[] states) : HttpMessageHandler
    {
        private int _state;
        private bool _polling;
        private JsonNode? _tags;
        private string _current = "";

        public List<RecordedRequest> Requests { get; } = [];

        public bool GroupExists { get; init; } = true;

        public bool SiteExists { get; set; } = true;

        /// <summary>A deployment made outside the provisioner (azd/Bicep): succeeded, without tags.</summary>
        public void DeployedByBicep()
        {
            _tags = new JsonObject();
            _current = "Succeeded";
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString()));
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith($"/resourceGroups/{Group}", StringComparison.OrdinalIgnoreCase))
            {
                return GroupExists
                    ? Json(HttpStatusCode.OK, $$$$"""{"id":"/subscriptions/{{{{Subscription}}}}/resourceGroups/{{{{Group}}}}","name":"{{{{Group}}}}","type":"Microsoft.Resources/resourceGroups","location":"westeurope","properties":{"provisioningState":"Succeeded"}}""")
                    : Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceGroupNotFound","message":"Resource group could not be found."}}""");
            }

            if (path.Contains("/providers/Microsoft.Web/sites/func-region", StringComparison.Ordinal))
            {
                return SiteExists
                    ? Json(HttpStatusCode.OK, """{"name":"func-region","properties":{}}""")
                    : Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"not found"}}""");
            }

            if (path.Contains("/providers/Microsoft.Resources/deployments/", StringComparison.Ordinal))
            {
                var created = false;
                if (request.Method == HttpMethod.Put)
                {
                    created = _tags is null;
                    _tags = JsonNode.Parse(body!)!["tags"]?.DeepClone() ?? new JsonObject();
                    _polling = true;
                }
                else if (_tags is null)
                {
                    return Json(HttpStatusCode.NotFound, """{"error":{"code":"DeploymentNotFound","message":"not found"}}""");
                }

                if (_polling)
                {
                    _current = states[Math.Min(_state++, states.Length - 1)];
                    _polling = _current is not ("Succeeded" or "Failed" or "Canceled");
                }

                var deployment = new JsonObject
                {
                    ["name"] = "x",
                    ["tags"] = _tags.DeepClone(),
                    ["properties"] = new JsonObject
                    {
                        ["provisioningState"] = _current,
                        ["outputs"] = new JsonObject { ["appName"] = new JsonObject { ["type"] = "String", ["value"] = "func-region" } },
                    },
                };
                return Json(created ? HttpStatusCode.Created : HttpStatusCode.OK, deployment.ToJsonString());
            }

            return Json(HttpStatusCode.BadRequest, """{"error":{"code":"Unexpected","message":"unexpected request"}}""");
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json)
            => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
