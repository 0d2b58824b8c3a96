using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Worker;

/// <summary>
/// The orchestrator app's side of the completion queue: raises <see cref="UnitCompleted"/> on the execution's
/// instance. Completions for instances that finished or do not exist are dropped. Duplicates are raised again on
/// purpose and ignored by the orchestrator: after it continues as new it asks for in-flight attempts again, and the
/// workers answer by re-sending completions it may have lost, so the consumer must not filter them out.
/// </summary>
public sealed class CompletionConsumer(
    IMessageBus bus,
    DurableTaskClient client,
    ILogger<CompletionConsumer> logger,
    string queue = QueueNames.Completions,
    int maxConcurrency = 32) : IHostedService, IAsyncDisposable
{
    private IBusConsumer? _consumer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _consumer = await bus.StartConsumerAsync(queue, HandleAsync, new ConsumerOptions { MaxConcurrency = maxConcurrency }, cancellationToken).ConfigureAwait(false);
        WorkerLog.ConsumerStarted(logger, queue);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_consumer is { } consumer)
        {
            _consumer = null;
            await consumer.StopAsync(cancellationToken).ConfigureAwait(false);
            await consumer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public async Task HandleAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        var completed = EngineMessages.ReadCompletion(received.Message, out var error);
        if (completed is null)
        {
            WorkerLog.PoisonMessage(logger, received.Message.MessageId, received.Queue, error ?? "unreadable");
            return;
        }

        var key = completed.IdempotencyKey;

        using var span = SplitterTelemetry.StartCompletion(completed.ExecutionId, completed.UnitId, completed.TraceParent);
        try
        {
            await client.RaiseEventAsync(completed.InstanceId, UnitCompleted.EventName, completed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var instance = await client.GetInstanceAsync(completed.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is null || instance.IsCompleted)
            {
                WorkerLog.CompletionIgnored(logger, key, instance is null ? "no such instance" : $"instance {instance.RuntimeStatus}");
                return;
            }

            throw;
        }

        WorkerLog.CompletionRaised(logger, key, completed.InstanceId);
    }
}
