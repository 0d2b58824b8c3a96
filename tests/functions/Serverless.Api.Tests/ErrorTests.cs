using System.Net;
using System.Text;
using System.Text.Json;
using Serverless.Api.Tests.Doubles;
using Serverless.Local.Commands;

namespace Serverless.Api.Tests;

public sealed class ErrorTests
{
    private const string Sum = TestFunctions.SumOfSquares;

    public static TheoryData<string, string, string?, int, string?> Cases => new()
    {
        // malformed JSON, wrong shapes and types: 400 naming the member
        { "POST", "/api/annotation/update", "{\"function\":", 400, null },
        { "POST", "/api/annotation/update", "[1,2]", 400, null },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","splitable":"yes"}""", 400, "splitable" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":"westeurope"}}""", 400, "geoPreference.regions" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":["westeurope"],"strict":1}}""", 400, "geoPreference.strict" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":"1024","timeoutSeconds":5}}""", 400, "resourceConstraint.memoryMb" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":1024}}""", 400, "resourceConstraint.timeoutSeconds" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","regoins":["westeurope"]}""", 400, "regoins" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}"}""", 400, null },
        { "POST", "/api/annotation/update", """{"function":"../../etc/passwd","splitable":true}""", 400, "function" },
        { "POST", "/api/annotation/update", """{"splitable":true}""", 400, "function" },
        { "POST", "/api/split/analyze", "{}", 400, "function" },
        { "POST", "/api/split/analyze", $$$$"""{"function":"{{{{Sum}}}}","source":"class C {}"}""", 400, "source" },
        { "POST", "/api/split/analyze", """{"source":42}""", 400, "source" },
        { "POST", "/api/function/deploy", """{"function":7}""", 400, "function" },
        { "POST", "/api/function/deploy", $$$$"""{"function":"{{{{Sum}}}}","regions":"eastus"}""", 400, "regions" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}"}""", 400, "arguments" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":[1,2]}""", 400, "arguments" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2},"plan":{"units":"x"}}""", 400, "plan.units" },
        { "GET", "/api/execution/..%2F..%2Fsecrets", null, 400, "id" },
        { "GET", "/api/execution/exec-1?format=gif", null, 400, "format" },
        { "GET", "/api/annotation/not-a-function", null, 400, "function" },

        // unknown function or execution: 404
        { "POST", "/api/annotation/update", """{"function":"Demo.Nope.Missing","splitable":true}""", 404, "function" },
        { "GET", "/api/annotation/Demo.Nope.Missing", null, 404, "function" },
        { "POST", "/api/split/analyze", """{"function":"Demo.Nope.Missing"}""", 404, "function" },
        { "POST", "/api/function/deploy", """{"function":"Demo.Nope.Missing"}""", 404, "function" },
        { "POST", "/api/execution/submit", """{"function":"Demo.Nope.Missing","arguments":{}}""", 404, "function" },
        { "GET", "/api/execution/exec-404", null, 404, "id" },
        { "DELETE", "/api/execution/exec-404", null, 404, "id" },

        // invalid values: 422 with the allowed range or the known values
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":64,"timeoutSeconds":5}}""", 422, "resourceConstraint.memoryMb" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":1024,"timeoutSeconds":3601}}""", 422, "resourceConstraint.timeoutSeconds" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":1e400,"timeoutSeconds":5}}""", 422, "resourceConstraint.memoryMb" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":["mars-north"]}}""", 422, "geoPreference.regions[0]" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":["eastus","../x"]}}""", 422, "geoPreference.regions[1]" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":[]}}""", 422, "geoPreference.regions" },
        { "POST", "/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","geoPreference":{"regions":["eastus","eastus"]}}""", 422, "geoPreference.regions[1]" },
        { "POST", "/api/function/deploy", $$$$"""{"function":"{{{{Sum}}}}","regions":["EastUS"]}""", 422, "regions[0]" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1}}""", 422, "arguments.b" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2,"c":3}}""", 422, "arguments.c" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1],"region":"eastus"}]}}""", 422, "plan.units" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"moon"}]}}""", 422, "plan.units[0].region" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"eastus","plannedStartMs":50,"plannedFinishMs":10}]}}""", 422, "plan.units[0].plannedStartMs" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2},"plan":{"units":[{"id":0,"segments":[0,1,2],"region":"eastus","plannedStartMs":5}]}}""", 422, "plan.units[0].plannedStartMs" },
        { "POST", "/api/execution/submit", $$$$"""{"function":"{{{{TestFunctions.Broken}}}}","arguments":{"n":1},"plan":{"units":[{"id":0,"segments":[0],"region":"eastus"},{"id":1,"segments":[1],"region":"eastus"}]}}""", 422, "plan.units" },

        // wrong method: 405
        { "GET", "/api/annotation/update", null, 405, "method" },
        { "PUT", "/api/split/analyze", "{}", 405, "method" },
        { "GET", "/api/function/deploy", null, 405, "method" },
        { "GET", "/api/execution/submit", null, 405, "method" },
        { "POST", "/api/execution/exec-1", "{}", 405, "method" },
        { "DELETE", "/api/functions", null, 405, "method" },
        { "PATCH", "/api/annotation/Demo.Math.SumOfSquares", "{}", 405, "method" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Invalid_ReturnsProblemNamingTheFieldAndChangesNothing(string method, string path, string? body, int status, string? field)
    {
        await using var host = await ApiHost.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = ApiHost.Json(body);
        }

        var response = await host.Client.SendAsync(request);
        await AssertProblemAsync(response, status, field);
        Assert.Equal(0, host.SideEffects);
        if (status == 405)
        {
            Assert.NotEmpty(response.Content.Headers.Allow);
        }
    }

    [Theory]
    [InlineData("/api/annotation/update", "text/plain")]
    [InlineData("/api/split/analyze", "application/xml")]
    [InlineData("/api/function/deploy", "application/x-www-form-urlencoded")]
    [InlineData("/api/execution/submit", "application/json; charset=latin1")]
    [InlineData("/api/execution/submit", null)]
    public async Task Post_WrongMediaType_Returns415(string path, string? contentType)
    {
        await using var host = await ApiHost.StartAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":1,"b":2}}"""));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        await AssertProblemAsync(await host.Client.PostAsync(path, content), 415, "Content-Type");
        Assert.Equal(0, host.SideEffects);
    }

    [Fact]
    public async Task Analyze_SourceOverOneMegabyte_Returns413AndNeverAnalyzes()
    {
        await using var host = await ApiHost.StartAsync();
        var source = "// [Splitable]\n" + new string('x', (1024 * 1024) + 1);
        var response = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source }));
        await AssertProblemAsync(response, 413, null);
        Assert.Equal(0, host.Analyzer.Calls);
    }

    [Fact]
    public async Task Analyze_SourceJustUnderTheLimit_IsAnalyzed()
    {
        await using var host = await ApiHost.StartAsync();
        var source = "// [Splitable]\n" + new string('x', (1024 * 1024) - 100);
        var response = await host.PostAsync("/api/split/analyze", JsonSerializer.Serialize(new { source }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Analyzer.Calls);
    }

    [Fact]
    public async Task Submit_ArgumentsOver256Kilobytes_Returns413NamingArgumentsAndStartsNothing()
    {
        await using var host = await ApiHost.StartAsync();
        var big = new string('1', 300 * 1024);
        var response = await host.PostAsync("/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":{{{{big}}}},"b":2}}""");
        await AssertProblemAsync(response, 413, null);
        Assert.Empty(host.Executions.Submissions);
    }

    [Fact]
    public async Task Submit_ArgumentsOverLimitInsideBodyLimit_Returns413NamingArguments()
    {
        await using var host = await ApiHost.StartAsync();
        var big = new string('1', (256 * 1024) + 10);
        var response = await host.PostAsync("/api/execution/submit", $$$$"""{"function":"{{{{Sum}}}}","arguments":{"a":{{{{big}}}},"b":2}}""");
        await AssertProblemAsync(response, 413, "arguments");
        Assert.Empty(host.Executions.Submissions);
    }

    [Fact]
    public async Task Analyze_FunctionWithInfeasibleAnnotations_Returns422NamingTheConstraint()
    {
        await using var host = await ApiHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/api/annotation/update", $$$$"""{"function":"{{{{Sum}}}}","resourceConstraint":{"memoryMb":32768,"timeoutSeconds":5}}""")).StatusCode);
        var response = await host.PostAsync("/api/split/analyze", $$$$"""{"function":"{{{{Sum}}}}"}""");
        var problem = await AssertProblemAsync(response, 422, "function");
        Assert.Contains("maxMemoryMb", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithApiKey_Requires_XFunctionsKey()
    {
        await using var host = await ApiHost.StartAsync(new ServeSettings { ApiKey = "s3cret" });
        await AssertProblemAsync(await host.Client.GetAsync("/api/functions"), 401, "x-functions-key");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/functions");
        wrong.Headers.Add("x-functions-key", "s3cret!");
        await AssertProblemAsync(await host.Client.SendAsync(wrong), 401, "x-functions-key");
        using var wrongPost = new HttpRequestMessage(HttpMethod.Post, "/api/annotation/update") { Content = ApiHost.Json($$$$"""{"function":"{{{{Sum}}}}","splitable":false}""") };
        await AssertProblemAsync(await host.Client.SendAsync(wrongPost), 401, "x-functions-key");
        Assert.Equal(0, host.SideEffects);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/functions");
        right.Headers.Add("x-functions-key", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(right)).StatusCode);
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("--urls", "not a url")]
    [InlineData("--urls", "ftp://127.0.0.1:1")]
    [InlineData("--storage")]
    [InlineData("--port", "80")]
    public void ServeParse_BadOptions_ThrowUsageErrorNamingTheOption(params string[] args)
    {
        var ex = Assert.Throws<Serverless.Local.UsageException>(() => ServeCommand.Parse(args));
        Assert.Contains(args[0], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServeParse_Defaults_BindToLoopback()
    {
        var settings = ServeCommand.Parse([]);
        Assert.Equal("http://127.0.0.1:7071", settings.Urls);
        Assert.Null(settings.Storage);
        Assert.Equal("http://0.0.0.0:8080", ServeCommand.Parse(["--urls", "http://0.0.0.0:8080"]).Urls);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains(field.Split('[')[0].Split('.')[^1], problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }
}
