using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Api.Handlers;
using Serverless.Functions.Execution;

namespace Serverless.Functions.Http;

/// <summary><c>/api/market</c> on Azure Functions: a thin trigger over the <see cref="MarketHandler"/>, with the invocation's Durable Functions client in scope.</summary>
public sealed class MarketApiFunctions
{
    private readonly MarketHandler _handler;

    public MarketApiFunctions(MarketHandler handler) => _handler = handler;

    [Function("MarketSnapshot")]
    public Task<IResult> Snapshot([HttpTrigger(AuthorizationLevel.Function, "get", Route = "market")] HttpRequest request, [DurableClient] DurableTaskClient client)
        => DurableClientScope.RunAsync(client, () => _handler.GetAsync(request.HttpContext));
}
