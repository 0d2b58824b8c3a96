using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api.Dashboard;

namespace Serverless.Functions.Http;

/// <summary>
/// The dashboard on Azure Functions: the page at <c>/api/dashboard</c> behind the function key (open it with
/// <c>?code=&lt;key&gt;</c>; the page sends the key with its API calls), its script and style anonymous (they hold no data).
/// </summary>
public static class DashboardFunctions
{
    [Function("DashboardPage")]
    public static IResult Page([HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DashboardEndpoints.Page(request.HttpContext, "/api", "/api/dashboard/assets");
    }

    [Function("DashboardAsset")]
    public static IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/assets/{asset}")] HttpRequest request, string asset)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DashboardEndpoints.Asset(request.HttpContext, asset);
    }
}
