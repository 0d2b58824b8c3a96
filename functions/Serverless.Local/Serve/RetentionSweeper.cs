using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api.Execution;
using Serverless.Local.Commands;

namespace Serverless.Local.Serve;

/// <summary>
/// Serve's retention on the durable engine: every <see cref="Interval"/> it purges the executions that ended
/// (completed, failed or terminated) and were last updated more than <see cref="ServeSettings.StateRetention"/> ago:
/// their variables and the API's plan leave the state store and their instance (and history) leaves the task hub,
/// through <see cref="IExecutionService.PurgeAsync"/>, as DELETE /api/execution/{id} does. Executions still running,
/// suspended or pending are never touched. Runs beside the engine, not in any orchestrator.
/// </summary>
public sealed partial class RetentionSweeper : BackgroundService
{
    private static readonly IReadOnlyList<OrchestrationRuntimeStatus> Ended =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private readonly EngineHost _host;
    private readonly IExecutionService _executions;
    private readonly ServeSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionSweeper> _logger;

    public RetentionSweeper(EngineHost host, IExecutionService executions, ServeSettings settings, ILogger<RetentionSweeper> logger, TimeProvider? time = null)
    {
        _host = host;
        _executions = executions;
        _settings = settings;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How often the sweep runs: a quarter of the retention, at least every 5 minutes and at most every 2 seconds.</summary>
    public static TimeSpan Interval(TimeSpan retention)
    {
        var quarter = retention / 4;
        return quarter < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : quarter > TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : quarter;
    }

    /// <summary>One sweep: purges every ended execution last updated before now − retention; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutoff = _time.GetUtcNow() - _settings.StateRetention;

        // The backend filters on creation time (never later than the last update), the last update is checked here.
        var query = new OrchestrationQuery { Statuses = Ended, CreatedTo = cutoff, PageSize = 100, FetchInputsAndOutputs = false };
        var due = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Ended.Contains(instance.RuntimeStatus) && instance.LastUpdatedAt <= cutoff)
            {
                due.Add(instance.InstanceId);
            }
        }

        var purged = new List<string>();
        foreach (var id in due)
        {
            if (await _executions.PurgeAsync(id, cancellationToken).ConfigureAwait(false))
            {
                purged.Add(id);
                LogPurged(_logger, id);
            }
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_host.IsDurable)
        {
            return;
        }

        IServeEngine engine;
        try
        {
            engine = await _host.GetAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping, or the engine did not start (EngineHost reports that): nothing to sweep.
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(Interval(_settings.StateRetention), _time);
            do
            {
                try
                {
                    await SweepAsync(engine.Client, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(_logger, ex, _settings.StateRetention.TotalMinutes.ToString(CultureInfo.InvariantCulture));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "serverless serve: retention purged execution {ExecutionId} (state and task hub instance)")]
    private static partial void LogPurged(ILogger logger, string executionId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "serverless serve: retention sweep (retention {Minutes} min) failed; retrying at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string minutes);
}
