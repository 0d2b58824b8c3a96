using System.Text.Json;
using Serverless.Api;

namespace Serverless.Functions.Tests;

/// <summary>
/// The HTTP API's triggers as the Functions host will see them: the functions.metadata the worker SDK generates in
/// the app's build output (routes, methods, auth levels), checked against the routes `serverless serve` maps.
/// </summary>
public sealed class HttpMetadataTests
{
    public static TheoryData<string, string, string, string> Expected => new()
    {
        { "AnnotationUpdate", "annotation/update", "post", "Admin" },
        { "AnnotationGet", "annotation/{function}", "get", "Function" },
        { "SplitAnalyze", "split/analyze", "post", "Function" },
        { "FunctionDeploy", "function/deploy", "post", "Admin" },
        { "FunctionGet", "function/{id}", "get", "Function" },
        { "ExecutionSubmit", "execution/submit", "post", "Function" },
        { "ExecutionStatus", "execution/{id}", "get", "Function" },
        { "ExecutionPurge", "execution/{id}", "delete", "Function" },
        { "ExecutionTerminate", "execution/{id}/terminate", "post", "Function" },
        { "ExecutionSuspend", "execution/{id}/suspend", "post", "Function" },
        { "ExecutionResume", "execution/{id}/resume", "post", "Function" },
        { "ExecutionList", "executions", "get", "Function" },
        { "FunctionsList", "functions", "get", "Function" },
        { "MarketSnapshot", "market", "get", "Function" },
        { "OpenApiDocument", "openapi.json", "get", "Function" },
    };

    [Fact]
    public void Metadata_Dashboard_PageBehindTheFunctionKey_AssetsAnonymous()
    {
        var page = HttpTrigger("DashboardPage");
        Assert.Equal("dashboard", page.GetProperty("route").GetString());
        Assert.Equal("Function", page.GetProperty("authLevel").GetString());
        var asset = HttpTrigger("DashboardAsset");
        Assert.Equal("dashboard/assets/{asset}", asset.GetProperty("route").GetString());
        Assert.Equal("Anonymous", asset.GetProperty("authLevel").GetString());
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Metadata_HttpFunction_HasRouteMethodAndAuthLevel(string name, string route, string method, string authLevel)
    {
        var trigger = HttpTrigger(name);
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Metadata_HttpApi_CoversExactlyTheRoutesServeMaps()
    {
        var fromMetadata = Metadata()
            .Where(f => Expected.Any(e => (string)e[0] == f.GetProperty("name").GetString()))
            .Select(f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .SelectMany(t => t.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} {t.GetProperty("route").GetString()}"))
            .Order()
            .ToList();
        var fromServe = ServerlessApiEndpoints.Routes.SelectMany(r => r.Methods.Select(m => $"{m} {r.Route}")).Order().ToList();
        Assert.Equal(fromServe, fromMetadata);
    }

    [Fact]
    public void Metadata_ApiRoutes_AreServedByNoOtherFunction()
    {
        var apiRoutes = ServerlessApiEndpoints.Routes.SelectMany(r => r.Methods.Select(m => $"{m} {Normalise(r.Route)}")).ToHashSet();
        var others = Metadata()
            .Where(f => !Expected.Any(e => (string)e[0] == f.GetProperty("name").GetString()))
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(t => t.GetProperty("methods").EnumerateArray().Select(m => (Function: f.GetProperty("name").GetString(), Route: $"{m.GetString()!.ToUpperInvariant()} {Normalise(t.GetProperty("route").GetString()!)}"))))
            .Where(x => apiRoutes.Contains(x.Route))
            .ToList();
        Assert.True(others.Count == 0, "these functions serve routes of the HTTP API too (the host would see two functions on one route): " + string.Join(", ", others));
    }

    [Fact]
    public void Metadata_AdminOnlyEndpoints_AreExactlyTheOnesThatChangeDeploymentsOrAnnotations()
    {
        var admin = Metadata()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "httpTrigger" && b.GetProperty("authLevel").GetString() == "Admin"))
            .Select(f => f.GetProperty("name").GetString())
            .Order()
            .ToList();
        Assert.Equal(["AnnotationUpdate", "FunctionDeploy"], admin);
    }

    private static string Normalise(string route) => System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]*\}", "{}");

    private static JsonElement HttpTrigger(string name)
    {
        var function = Metadata().SingleOrDefault(f => f.GetProperty("name").GetString() == name);
        Assert.True(function.ValueKind == JsonValueKind.Object, $"functions.metadata has no function '{name}'");
        return function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
    }

    private static List<JsonElement> Metadata() => [.. FunctionsMetadata.Load(SampleFunctionApp.ProjectFolder)];
}
