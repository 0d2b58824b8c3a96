using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Api.Contracts;
using Serverless.Api.Http;
using Serverless.Api.Market;

namespace Serverless.Api.Handlers;

/// <summary><c>/api/market</c>: the compute market now (bidders per region, recent auctions, autoscaler decisions); 503 on a host without a market.</summary>
public sealed class MarketHandler(ILogger<MarketHandler> logger, IMarketReader? reader = null)
{
    /// <summary><c>GET /api/market</c>.</summary>
    public Task<IResult> GetAsync(HttpContext context) => ProblemGuard.RunAsync(context, logger, async ct =>
    {
        var market = reader ?? throw new ApiProblemException(
            503,
            "No compute market",
            "This host runs no compute market, so there are no bidders or auctions to show; the Functions app and `serverless serve` both run one.");
        var snapshot = await market.ReadAsync(ct).ConfigureAwait(false);
        return Results.Json(snapshot, ApiJsonContext.Default.MarketSnapshot);
    });
}
