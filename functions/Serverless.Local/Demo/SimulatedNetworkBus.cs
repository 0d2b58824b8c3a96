using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Local.Demo;

/// <summary>
/// An <see cref="IMessageBus"/> that puts the <see cref="SimulatedNetwork"/> between the orchestrator and the
/// regional workers: each work item is held for its inbound transfer time (inputs, and the data its segments read
/// where it lives) before the region's worker handles it
/// (the worker runs with <see cref="SimulatedNetwork.CurrentRegion"/> set), and the completion of the unit that
/// returned is held for the result's trip back to the origin. Everything else passes through unchanged.
/// </summary>
internal sealed class SimulatedNetworkBus(IMessageBus inner, SimulatedNetwork network) : IMessageBus
{
    private const string WorkPrefix = "work-";

    public Task SendAsync(string queue, BusMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
        => inner.SendAsync(queue, message, delay, cancellationToken);

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxCount = 100, CancellationToken cancellationToken = default)
        => inner.PeekDeadLettersAsync(queue, maxCount, cancellationToken);

    public Task<IBusConsumer> StartConsumerAsync(string queue, Func<ReceivedMessage, CancellationToken, Task> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        Func<ReceivedMessage, CancellationToken, Task> wrapped = handler;
        if (queue.StartsWith(WorkPrefix, StringComparison.Ordinal))
        {
            var region = queue[WorkPrefix.Length..];
            wrapped = (received, ct) => this.HandleWorkAsync(region, received, handler, ct);
        }
        else if (queue == QueueNames.Completions)
        {
            wrapped = (received, ct) => this.HandleCompletionAsync(received, handler, ct);
        }

        return inner.StartConsumerAsync(queue, wrapped, options, cancellationToken);
    }

    private async Task HandleWorkAsync(string region, ReceivedMessage received, Func<ReceivedMessage, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var item = EngineMessages.ReadWorkItem(received.Message, out _);
        var waited = 0.0;
        if (item is not null)
        {
            waited = network.InboundMs(item.ExecutionId, item.Inputs.Select(i => (i.Variable, i.ProducerUnit)), region)
                + network.DataReadMs(item.FunctionId, item.Segments, region);
            await Delay(waited, cancellationToken).ConfigureAwait(false);
            network.Report(new UnitProgress(item.ExecutionId, item.UnitId, item.Attempt, region, item.Instance, false, false, 0, waited));
        }

        SimulatedNetwork.CurrentRegion = region;
        try
        {
            await handler(received, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SimulatedNetwork.CurrentRegion = null;
        }
    }

    private async Task HandleCompletionAsync(ReceivedMessage received, Func<ReceivedMessage, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var completed = EngineMessages.ReadCompletion(received.Message, out _);
        if (completed is not null && completed.Region is { } region)
        {
            network.RecordCompletion(completed.ExecutionId, completed.UnitId, region, completed.OutputBytes);
            var waited = 0.0;
            if (completed.Succeeded && completed.Returned)
            {
                waited = network.ResultMs(completed.ExecutionId, region);
                await Delay(waited, cancellationToken).ConfigureAwait(false);
            }

            network.Report(new UnitProgress(completed.ExecutionId, completed.UnitId, completed.Attempt, region, completed.Instance, true, completed.Succeeded, completed.DurationMs, waited));
        }

        await handler(received, cancellationToken).ConfigureAwait(false);
    }

    private static Task Delay(double ms, CancellationToken cancellationToken)
        => ms >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(ms), cancellationToken) : Task.CompletedTask;

    public Task<long> GetBacklogAsync(string queue, CancellationToken cancellationToken = default)
        => inner.GetBacklogAsync(queue, cancellationToken);
}
