using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Tests.Doubles;

namespace Serverless.Api.Tests;

public sealed class EndpointTests
{
    private const string Sum = TestFunctions.SumOfSquares;

    [Fact]
    public async Task ListFunctions_Registered_ReturnsEachWithEffectiveAnnotations()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync("/api/functions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var functions = (await ApiHost.ReadJsonAsync(response)).GetProperty("functions").EnumerateArray().ToList();
        Assert.Equal([TestFunctions.Broken, Sum, TestFunctions.Shout], functions.Select(f => f.GetProperty("function").GetString()));
        var broken = functions[0].GetProperty("annotations");
        Assert.False(broken.GetProperty("splitable").GetBoolean());
        var shout = functions[2].GetProperty("annotations");
        Assert.True(shout.GetProperty("splitable").GetBoolean());
        Assert.Equal("eastus", shout.GetProperty("geoPreference").GetProperty("regions")[0].GetString());
        Assert.Equal(512, shout.GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());
        Assert.Equal(3, functions[1].GetProperty("segments").GetInt32());
    }

    [Fact]
    public async Task GetAnnotation_NeverUpdated_ReturnsNoneETagAndCompileTimeValues()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync($"/api/annotation/{TestFunctions.Shout}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"none\"", response.Headers.ETag?.ToString());
        var body = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("overrides").GetProperty("geoPreference").ValueKind);
        Assert.Equal("eastus", body.GetProperty("compileTime").GetProperty("geoPreference").GetProperty("regions")[0].GetString());
        Assert.Equal("eastus", body.GetProperty("effective").GetProperty("geoPreference").GetProperty("regions")[0].GetString());
    }

    [Fact]
    public async Task UpdateAnnotation_WithETag_OverlaysAndNullRemovesTheOverride()
    {
        await using var host = await ApiHost.StartAsync();
        var etag = (await host.Client.GetAsync($"/api/annotation/{TestFunctions.Shout}")).Headers.ETag!.ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/annotation/update")
        {
            Content = ApiHost.Json($$$"""{"function":"{{{TestFunctions.Shout}}}","geoPreference":{"regions":["northeurope","westeurope"],"strict":true},"resourceConstraint":{"memoryMb":2048,"timeoutSeconds":120}}"""),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var newETag = updated.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newETag);
        var effective = (await ApiHost.ReadJsonAsync(updated)).GetProperty("effective");
        Assert.Equal(["northeurope", "westeurope"], effective.GetProperty("geoPreference").GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        Assert.True(effective.GetProperty("geoPreference").GetProperty("strict").GetBoolean());
        Assert.Equal(2048, effective.GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());

        // null removes the geo override (compile-time eastus again); the resource override stays.
        var removed = await host.PostAsync("/api/annotation/update", $$$"""{"function":"{{{TestFunctions.Shout}}}","geoPreference":null}""");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var after = await ApiHost.ReadJsonAsync(await host.Client.GetAsync($"/api/annotation/{TestFunctions.Shout}"));
        Assert.Equal("eastus", after.GetProperty("effective").GetProperty("geoPreference").GetProperty("regions")[0].GetString());
        Assert.Equal(2048, after.GetProperty("effective").GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("overrides").GetProperty("geoPreference").ValueKind);
    }

    [Fact]
    public async Task UpdateAnnotation_SplitableFalse_NextPlanHasOneUnit()
    {
        await using var host = await ApiHost.StartAsync();
        var before = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/split/analyze", $$$"""{"function":"{{{Sum}}}"}"""));
        Assert.Equal(3, before.GetProperty("plan").GetProperty("units").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/annotation/update", $$$"""{"function":"{{{Sum}}}","splitable":false}""")).StatusCode);
        var after = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/split/analyze", $$$"""{"function":"{{{Sum}}}"}"""));
        Assert.False(after.GetProperty("annotations").GetProperty("splitable").GetBoolean());
        var units = after.GetProperty("plan").GetProperty("units");
        Assert.Equal(1, units.GetArrayLength());
        Assert.Equal([0, 1, 2], units[0].GetProperty("segments").EnumerateArray().Select(s => s.GetInt32()));
    }

    [Fact]
    public async Task UpdateAnnotation_StaleETag_Returns412AndKeepsTheWinner()
    {
        await using var host = await ApiHost.StartAsync();
        var first = await host.PostAsync("/api/annotation/update", $$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":256,"timeoutSeconds":10}}""");
        var stale = first.Headers.ETag!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/annotation/update", $$$"""{"function":"{{{Sum}}}","splitable":true}""")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/annotation/update") { Content = ApiHost.Json($$$"""{"function":"{{{Sum}}}","splitable":false}""") };
        request.Headers.TryAddWithoutValidation("If-Match", stale);
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Equal("If-Match", problem.GetProperty("field").GetString());
        var current = await ApiHost.ReadJsonAsync(await host.Client.GetAsync($"/api/annotation/{Sum}"));
        Assert.True(current.GetProperty("overrides").GetProperty("splitable").GetBoolean());
    }

    [Fact]
    public async Task UpdateAnnotation_TwoConcurrentWritersSameETag_ExactlyOneWins()
    {
        await using var host = await ApiHost.StartAsync();
        for (var round = 0; round < 25; round++)
        {
            var etag = (await host.Client.GetAsync($"/api/annotation/{Sum}")).Headers.ETag!.ToString();
            var memories = new[] { 256 + round, 4096 + round };
            var responses = await Task.WhenAll(memories.Select(m =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/annotation/update")
                {
                    Content = ApiHost.Json($$$"""{"function":"{{{Sum}}}","resourceConstraint":{"memoryMb":{{{m}}},"timeoutSeconds":5}}"""),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return host.Client.SendAsync(request);
            }));
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.Single(statuses, HttpStatusCode.OK);
            Assert.Single(statuses, HttpStatusCode.PreconditionFailed);
            var winner = memories[statuses.IndexOf(HttpStatusCode.OK)];
            var stored = await ApiHost.ReadJsonAsync(await host.Client.GetAsync($"/api/annotation/{Sum}"));
            Assert.Equal(winner, stored.GetProperty("overrides").GetProperty("resourceConstraint").GetProperty("memoryMb").GetInt32());
        }
    }

    [Fact]
    public async Task Analyze_RegisteredFunction_ReturnsManifestAnnotationsAndPlan()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.PostAsync("/api/split/analyze", $$$"""{"function":"{{{TestFunctions.Shout}}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiHost.ReadJsonAsync(response);
        var manifest = body.GetProperty("manifest");
        Assert.Equal(TestFunctions.Shout, manifest.GetProperty("function").GetString());
        Assert.Equal("upper", manifest.GetProperty("edges")[0].GetProperty("variables")[0].GetString());
        Assert.Equal("data", manifest.GetProperty("edges")[0].GetProperty("kind").GetString());
        Assert.Equal(["text"], manifest.GetProperty("segments")[0].GetProperty("reads").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("eastus", body.GetProperty("plan").GetProperty("units")[0].GetProperty("region").GetString());
        Assert.Equal("exact", body.GetProperty("plan").GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Analyze_Source_ReturnsManifestsAndFiltersByMethod()
    {
        await using var host = await ApiHost.StartAsync();
        const string source = "class C {\n [Splitable]\n int A() => 1;\n [Splitable]\n int B() => 2;\n}";
        var all = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source })));
        Assert.Equal(["Submitted.Code.M2", "Submitted.Code.M4"], all.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("function").GetString()));
        var one = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source, method = "M4" })));
        Assert.Equal("Submitted.Code.M4", Assert.Single(one.GetProperty("functions").EnumerateArray()).GetProperty("function").GetString());
        var missing = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source, method = "Nope" }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("method", (await ApiHost.ReadJsonAsync(missing)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Deploy_Default_RegistersEachUnitInItsPlannedRegionIdempotently()
    {
        await using var host = await ApiHost.StartAsync();
        var first = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/function/deploy", $$$"""{"function":"{{{TestFunctions.Shout}}}"}"""));
        var region = Assert.Single(first.GetProperty("regions").EnumerateArray());
        Assert.Equal("eastus", region.GetProperty("region").GetString());
        Assert.Equal("created", region.GetProperty("outcome").GetString());
        var ids = region.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal([$"{TestFunctions.Shout}/u0@eastus", $"{TestFunctions.Shout}/u1@eastus"], ids);
        var vf = region.GetProperty("functions")[0];
        Assert.Equal(512, vf.GetProperty("memoryMb").GetInt32());
        Assert.Equal(30, vf.GetProperty("timeoutSeconds").GetInt32());
        Assert.Equal("1.2.3-test", vf.GetProperty("packageVersion").GetString());
        Assert.Equal(["eastus"], host.Pools.Started);

        var second = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/function/deploy", $$$"""{"function":"{{{TestFunctions.Shout}}}"}"""));
        var again = second.GetProperty("regions")[0];
        Assert.Equal("unchanged", again.GetProperty("outcome").GetString());
        Assert.Equal(ids, again.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task GetFunction_AfterDeploy_ListsEachRegionsVirtualFunctionsWithTheDeploymentTime()
    {
        var deployedAt = new DateTimeOffset(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);
        await using var host = await ApiHost.StartAsync(configure: s => s.AddSingleton<TimeProvider>(new FixedTime(deployedAt)));
        var deploy = await host.PostAsync("/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":["northeurope","eastus"]}""");
        Assert.Equal(HttpStatusCode.OK, deploy.StatusCode);

        var response = await host.Client.GetAsync($"/api/function/{Sum}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiHost.ReadJsonAsync(response);
        Assert.Equal(Sum, body.GetProperty("function").GetString());
        var deployed = body.GetProperty("deployed").EnumerateArray().ToList();
        Assert.Equal(6, deployed.Count);
        Assert.Equal(["eastus", "eastus", "eastus", "northeurope", "northeurope", "northeurope"], deployed.Select(d => d.GetProperty("region").GetString()));
        Assert.Equal($"{Sum}/u0@eastus", deployed[0].GetProperty("id").GetString());
        Assert.Equal([0, 1, 2, 0, 1, 2], deployed.Select(d => d.GetProperty("unitId").GetInt32()));
        // SumOfSquares has no [ResourceConstraint]: each virtual function gets the API's default memory and timeout.
        var defaults = new ServerlessApiOptions();
        Assert.All(deployed, d =>
        {
            Assert.Equal(defaults.DefaultMemoryMb, d.GetProperty("memoryMb").GetInt32());
            Assert.Equal(defaults.DefaultTimeoutSeconds, d.GetProperty("timeoutSeconds").GetInt32());
            Assert.Equal([d.GetProperty("unitId").GetInt32()], d.GetProperty("segments").EnumerateArray().Select(x => x.GetInt32()));
            Assert.Equal("1.2.3-test", d.GetProperty("packageVersion").GetString());
            Assert.Equal(deployedAt, d.GetProperty("deployedAt").GetDateTimeOffset());
        });
    }

    [Fact]
    public async Task GetFunction_NothingDeployed_Is404ProblemNamingTheId()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync($"/api/function/{Sum}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiHost.ReadJsonAsync(response);
        Assert.Contains($"'{Sum}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("/api/function/deploy", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFunction_NotAFunctionId_Is400NamingTheField()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync("/api/function/not%20an%20id");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("id", (await ApiHost.ReadJsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task GetFunction_DeployPath_IsStillTheDeployRouteNotAFunctionId()
    {
        await using var host = await ApiHost.StartAsync();
        var response = await host.Client.GetAsync("/api/function/deploy");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Deploy_ExplicitRegions_RegistersEveryUnitInEveryRegion()
    {
        await using var host = await ApiHost.StartAsync();
        var body = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":["northeurope","eastus"]}"""));
        var regions = body.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(["eastus", "northeurope"], regions.Select(r => r.GetProperty("region").GetString()));
        Assert.All(regions, r => Assert.Equal(3, r.GetProperty("functions").GetArrayLength()));
        Assert.Equal(["eastus", "northeurope"], host.Pools.Started.Order());
    }

    [Fact]
    public async Task Deploy_RegionOutsideTheConfiguredOnes_IsDeployedThere()
    {
        // Deploying is how a new region is added: it need not be in Serverless__Regions yet.
        await using var host = await ApiHost.StartAsync();
        var response = await host.PostAsync("/api/function/deploy", $$$"""{"function":"{{{Sum}}}","regions":["southeastasia"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var region = Assert.Single((await ApiHost.ReadJsonAsync(response)).GetProperty("regions").EnumerateArray());
        Assert.Equal("southeastasia", region.GetProperty("region").GetString());
        Assert.Equal(["southeastasia"], host.Pools.Started);
    }

    [Fact]
    public void SubmitThenPoll_RandomArguments_ReturnsTheRightResult()
    {
        Gen.Select(Gen.Int[-10_000, 10_000], Gen.Int[-10_000, 10_000]).Sample(
            (a, b) =>
            {
                Task.Run(async () =>
                {
                    await using var host = await ApiHost.StartAsync();
                    var submit = await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":{{{a}}},"b":{{{b}}}}}""");
                    Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
                    var accepted = await ApiHost.ReadJsonAsync(submit);
                    var uri = new Uri(accepted.GetProperty("statusQueryGetUri").GetString()!);
                    Assert.Equal(submit.Headers.Location, uri);
                    Assert.Equal($"/api/execution/{accepted.GetProperty("id").GetString()}", uri.AbsolutePath);
                    JsonElement state = default;
                    for (var poll = 0; poll < 10; poll++)
                    {
                        state = await ApiHost.ReadJsonAsync(await host.Client.GetAsync(uri));
                        if (state.GetProperty("status").GetString() == "completed")
                        {
                            break;
                        }
                    }

                    Assert.Equal("completed", state.GetProperty("status").GetString());
                    Assert.Equal(((long)a * a) + ((long)b * b), state.GetProperty("result").GetInt64());
                    Assert.Equal(3, state.GetProperty("units").GetArrayLength());
                    Assert.All(state.GetProperty("units").EnumerateArray(), u => Assert.Equal(1, u.GetProperty("attempts").GetInt32()));
                    Assert.True(state.GetProperty("cost").GetProperty("total").GetDouble() > 0);
                }).GetAwaiter().GetResult();
            },
            iter: 20);
    }

    [Fact]
    public async Task Submit_AfterAnnotationUpdate_NextExecutionRunsInTheNewRegion()
    {
        await using var host = await ApiHost.StartAsync();
        var before = await SubmitAndGetPlanRegionsAsync(host);
        Assert.Equal(["westeurope"], before);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/annotation/update", $$$"""{"function":"{{{Sum}}}","geoPreference":{"regions":["northeurope"],"strict":true}}""")).StatusCode);
        var after = await SubmitAndGetPlanRegionsAsync(host);
        Assert.Equal(["northeurope"], after);
    }

    [Fact]
    public async Task Submit_WithPlan_PassesThatPlanToTheEngine()
    {
        await using var host = await ApiHost.StartAsync();
        const string plan = """{"algorithm":"manual","units":[{"id":0,"segments":[0,1],"region":"eastus"},{"id":1,"segments":[2],"region":"northeurope"}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0}""";
        var response = await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{{{plan}}}}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = Assert.Single(host.Executions.Submissions);
        Assert.Equal(["eastus", "northeurope"], submitted.Plan!.Units.Select(u => u.Region));
        Assert.Equal(0, host.Planner.Calls);
    }

    [Fact]
    public async Task GetExecution_FormatMermaid_ColoursUnitsByRegionAndDrawsCrossUnitEdges()
    {
        await using var host = await ApiHost.StartAsync();
        const string plan = """{"algorithm":"manual","units":[{"id":0,"segments":[0],"region":"eastus"},{"id":1,"segments":[1],"region":"northeurope"},{"id":2,"segments":[2],"region":"eastus"}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0}""";
        var accepted = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{{{plan}}}}"""));
        var response = await host.Client.GetAsync($"/api/execution/{accepted.GetProperty("id").GetString()}?format=mermaid");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vnd.mermaid", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("flowchart LR", text, StringComparison.Ordinal);
        Assert.Contains("u0 --> u2", text, StringComparison.Ordinal);
        Assert.Contains("u1 --> u2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("u0 --> u1", text, StringComparison.Ordinal);
        Assert.Contains(":::region0", text, StringComparison.Ordinal); // eastus
        Assert.Contains("northeurope\"]:::region1", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(l => l.Contains("classDef", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetExecution_FormatSvgAndTimeline_DrawTheSameUnitsAndCrossUnitEdgesAsSvg()
    {
        await using var host = await ApiHost.StartAsync();
        const string plan = """{"algorithm":"manual","units":[{"id":0,"segments":[0],"region":"eastus"},{"id":1,"segments":[1],"region":"northeurope"},{"id":2,"segments":[2],"region":"eastus"}],"cost":{"compute":0,"transfer":0,"total":0},"makespanMs":0,"objective":0}""";
        var accepted = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2},"plan":{{{plan}}}}"""));
        var id = accepted.GetProperty("id").GetString();
        var dag = await host.Client.GetAsync($"/api/execution/{id}?format=svg");
        Assert.Equal(HttpStatusCode.OK, dag.StatusCode);
        Assert.Equal("image/svg+xml", dag.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await dag.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(3, svg.Descendants(ns + "rect").Count(r => r.Attribute("fill-opacity") is not null));
        var edges = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "edge").Select(g => $"{g.Attribute("data-from")!.Value}->{g.Attribute("data-to")!.Value}").Order(StringComparer.Ordinal);
        Assert.Equal(["0->2", "1->2"], edges);
        var timeline = await host.Client.GetAsync($"/api/execution/{id}?format=timeline");
        Assert.Equal("image/svg+xml", timeline.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(XDocument.Parse(await timeline.Content.ReadAsStringAsync()).Root);
        var bad = await host.Client.GetAsync($"/api/execution/{id}?format=png");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'svg'", (await ApiHost.ReadJsonAsync(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_PageAndAssetsServedWithASameOriginPolicy_UnknownAssetIsAProblemNamingTheOnesThereAre()
    {
        await using var host = await ApiHost.StartAsync();
        var page = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<meta name=\"serverless-api\" content=\"/api\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/dashboard/dashboard.js\"", html, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (var (asset, type) in new[] { ("dashboard.js", "text/javascript"), ("dashboard.css", "text/css") })
        {
            var response = await host.Client.GetAsync("/dashboard/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
        }

        var missing = await host.Client.GetAsync("/dashboard/secrets.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var detail = (await ApiHost.ReadJsonAsync(missing)).GetProperty("detail").GetString();
        Assert.Contains("dashboard.js", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/dashboard/index.html")).StatusCode);
    }

    [Fact]
    public async Task TerminateExecution_Running_Returns202Canceled_AndFinishedReturns410()
    {
        await using var host = await ApiHost.StartAsync();
        host.Executions.Hold = true;
        var id = (await ApiHost.ReadJsonAsync(await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":1,"b":2}}"""))).GetProperty("id").GetString();
        var cancel = await host.Client.PostAsync($"/api/execution/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("canceled", (await ApiHost.ReadJsonAsync(cancel)).GetProperty("status").GetString());
        var again = await host.Client.PostAsync($"/api/execution/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync("/api/execution/exec-999/terminate", null)).StatusCode);
    }

    private static async Task<List<string?>> SubmitAndGetPlanRegionsAsync(ApiHost host)
    {
        var accepted = await ApiHost.ReadJsonAsync(await host.PostAsync("/api/execution/submit", $$$"""{"function":"{{{Sum}}}","arguments":{"a":3,"b":4}}"""));
        var state = await ApiHost.ReadJsonAsync(await host.Client.GetAsync($"/api/execution/{accepted.GetProperty("id").GetString()}"));
        return [.. state.GetProperty("plan").GetProperty("units").EnumerateArray().Select(u => u.GetProperty("region").GetString()).Distinct()];
    }
}
