using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Market;

/// <summary>
/// The autoscaler's backlog read on Azure: the length of each region's work queue (<c>work-{region}</c>). A region whose
/// length cannot be read (no rights, a transport failure, a throttled call) is logged and left out, so the autoscaler
/// decides that region from utilisation and declined bids alone; one failed metric never fails the autoscaler's pass.
/// </summary>
public static partial class LoggedQueueBacklog
{
    public static async Task<Dictionary<string, int>> ReadAsync(IMessageBus bus, IEnumerable<string> regions, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(logger);
        var backlog = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var region in regions.Distinct(StringComparer.Ordinal))
        {
            var queue = QueueNames.Work(region);
            try
            {
                backlog[region] = (int)Math.Min(int.MaxValue, Math.Max(0, await bus.GetBacklogAsync(queue, cancellationToken).ConfigureAwait(false)));
            }
            catch (NotSupportedException)
            {
                // A bus that reports no lengths: no backlog signal, as in QueueBacklog.ReadAsync.
                backlog[region] = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.BacklogUnreadable(logger, queue, region, ex.GetType().Name, ex.Message);
            }
        }

        return backlog;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The backlog of {Queue} could not be read ({ErrorType}: {Error}); the autoscaler decides region {Region} without it this pass")]
        public static partial void BacklogUnreadable(ILogger logger, string queue, string region, string errorType, string error);
    }
}
