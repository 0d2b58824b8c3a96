using Serverless.Api.Contracts;

namespace Serverless.Api.Market;

/// <summary>
/// Reads the host's compute market for <c>GET /api/market</c>: the Functions app from its durable entities, serve
/// from its in-process market. A host without one registers none (the route then answers 503).
/// </summary>
public interface IMarketReader
{
    Task<MarketSnapshot> ReadAsync(CancellationToken cancellationToken);
}
