using Microsoft.Extensions.Hosting;
using Serverless.Orchestrations.Worker;

namespace Serverless.Functions.Engine;

/// <summary>
/// Runs the app's <see cref="RegionalWorker"/> (a singleton the container owns and disposes) as its own polling consumer
/// of <c>work-{region}</c>: only on a bus the Functions host has no trigger for.
/// </summary>
internal sealed class RegionalWorkerPoller(RegionalWorker worker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => worker.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => worker.StopAsync(cancellationToken);
}
