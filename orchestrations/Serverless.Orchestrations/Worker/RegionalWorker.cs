using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Observability;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Worker;

/// <summary>
/// A region's compute: consumes <c>work-{region}</c>, skips attempts already completed (re-sending their completion),
/// loads the unit's inputs, runs its segments under the unit's timeout (cooperative cancellation, then the attempt is
/// abandoned), writes outputs once (<see cref="IStateStore.PutIfAbsentAsync"/>), records the completion, and reports
/// <see cref="UnitCompleted"/> on the completion queue. Stopping the worker cancels in-flight units and abandons their
/// messages, which are redelivered at once; after a crash nothing is abandoned, and the message comes back when its
/// lease (visibility timeout) runs out.
/// </summary>
public sealed class RegionalWorker(
    RegionalWorkerOptions options,
    IMessageBus bus,
    IStateStore store,
    ISegmentRunner runner,
    TimeProvider time,
    ILogger<RegionalWorker> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private IBusConsumer? _consumer;

    public string Region => options.Region;

    /// <summary>Work items this worker took (including ones it then skipped or abandoned).</summary>
    public int Taken => _taken;

    private int _taken;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = QueueNames.Work(options.Region);
        _consumer = await bus.StartConsumerAsync(
            queue,
            HandleAsync,
            new ConsumerOptions { MaxConcurrency = options.MaxConcurrency, MaxDeliveryCount = options.MaxDeliveryCount, LockDuration = options.LockDuration },
            cancellationToken).ConfigureAwait(false);
        WorkerLog.WorkerStarted(logger, options.Region, queue);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_consumer is { } consumer)
        {
            _consumer = null;
            await consumer.StopAsync(cancellationToken).ConfigureAwait(false);
            await consumer.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Handles one delivery; throws (so the message is redelivered) only when the worker is stopping.</summary>
    public async Task HandleAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        Interlocked.Increment(ref _taken);
        var item = EngineMessages.ReadWorkItem(received.Message, out var error);
        if (item is null)
        {
            WorkerLog.PoisonMessage(logger, received.Message.MessageId, received.Queue, error ?? "unreadable");
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var stop = linked.Token;
        var completionKey = StateKeys.Completion(item.ExecutionId, item.UnitId, item.Attempt);
        if (await store.TryGetAsync(completionKey, stop).ConfigureAwait(false) is { } done)
        {
            WorkerLog.AttemptAlreadyCompleted(logger, item.IdempotencyKey);
            var previous = JsonSerializer.Deserialize(done.Span, EngineJsonContext.Default.UnitCompleted);
            if (previous is not null)
            {
                await bus.SendAsync(item.CompletionQueue, EngineMessages.ToMessage(previous), cancellationToken: stop).ConfigureAwait(false);
            }

            return;
        }

        using var span = SplitterTelemetry.StartUnit(item.ExecutionId, item.UnitId, item.Attempt, options.Region, item.TraceParent, item.TraceState);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        UnitCompleted completed;
        try
        {
            var outputs = await RunUnitAsync(item, stop).ConfigureAwait(false);
            completed = Completion(item, startedAt, started, span) with { Succeeded = true, Returned = outputs.Returned, OutputBytes = outputs.Sizes };
            WorkerLog.UnitSucceeded(logger, item.IdempotencyKey, completed.DurationMs, options.Region);
            span?.SetStatus(ActivityStatusCode.Ok);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The worker is stopping: abandon the delivery so that another worker runs it (a crash abandons nothing; the lease runs out).
            span?.SetStatus(ActivityStatusCode.Error, "abandoned");
            throw;
        }
        catch (TimeoutException) when (!stop.IsCancellationRequested)
        {
            WorkerLog.UnitTimedOut(logger, item.IdempotencyKey, item.TimeoutSeconds);
            var message = $"Unit {item.UnitId} (segments {string.Join(", ", item.Segments)}) of {item.FunctionId} exceeded its timeout of {item.TimeoutSeconds} s in {options.Region} (attempt {item.Attempt}); it was cancelled and abandoned. Raise the function's [ResourceConstraint] timeout or make the segment faster.";
            completed = Completion(item, startedAt, started, span) with { Succeeded = false, Error = new UnitError(UnitError.TimeoutType, message) };
            span?.SetStatus(ActivityStatusCode.Error, "timeout");
        }
        catch (Exception ex)
        {
            var original = ex is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : ex;
            WorkerLog.UnitFailed(logger, item.IdempotencyKey, original.GetType().FullName ?? original.GetType().Name, original.Message);
            completed = Completion(item, startedAt, started, span) with { Succeeded = false, Error = new UnitError(original.GetType().FullName ?? original.GetType().Name, original.Message) };
            span?.SetStatus(ActivityStatusCode.Error, original.Message);
        }

        SplitterMetrics.UnitRan(options.Region, completed.Succeeded ? "succeeded" : completed.Error?.Type == UnitError.TimeoutType ? "timeout" : "failed", completed.DurationMs);

        // Record first, then report: a redelivery after a crash between the two re-sends the same completion.
        await store.PutIfAbsentAsync(completionKey, JsonSerializer.SerializeToUtf8Bytes(completed, EngineJsonContext.Default.UnitCompleted), stop).ConfigureAwait(false);
        var stored = await store.GetAsync(completionKey, stop).ConfigureAwait(false);
        var toSend = JsonSerializer.Deserialize(stored.Span, EngineJsonContext.Default.UnitCompleted) ?? completed;
        await bus.SendAsync(item.CompletionQueue, EngineMessages.ToMessage(toSend), cancellationToken: stop).ConfigureAwait(false);
    }

    private UnitCompleted Completion(WorkItem item, DateTimeOffset startedAt, long started, Activity? span) => new()
    {
        ExecutionId = item.ExecutionId,
        InstanceId = item.InstanceId,
        UnitId = item.UnitId,
        Attempt = item.Attempt,
        Succeeded = false,
        Region = options.Region,
        Instance = item.Instance,
        StartedAt = startedAt,
        EndedAt = time.GetUtcNow(),
        DurationMs = time.GetElapsedTime(started).TotalMilliseconds,
        TraceParent = span?.Id ?? item.TraceParent,
    };

    private async Task<(bool Returned, Dictionary<string, int> Sizes)> RunUnitAsync(WorkItem item, CancellationToken stop)
    {
        var inputs = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var segmentInputs = new Dictionary<SegmentVariable, ReadOnlyMemory<byte>>();
        foreach (var input in item.Inputs)
        {
            var value = await store.GetAsync(StateKeys.Input(item.ExecutionId, input), stop).ConfigureAwait(false);
            if (input.ProducerUnit is not null && input.ProducerSegment is { } segment)
            {
                segmentInputs[new SegmentVariable(input.Variable, segment)] = value;
            }
            else
            {
                inputs[input.Variable] = value;
            }
        }

        var timeout = TimeSpan.FromSeconds(item.TimeoutSeconds);
        using var unitCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // Plans with segment outputs hand on each value as its producing segment left it; older ones the unit's final values.
        var request = new UnitRunRequest(item.FunctionId, item.Segments, inputs, item.SegmentOutputs is { Count: > 0 } ? [] : item.Outputs)
        {
            SegmentInputs = segmentInputs,
            SegmentOutputs = [.. (item.SegmentOutputs ?? []).Select(o => new SegmentVariable(o.Variable, o.Segment))],
        };

        // On the thread pool: a segment that computes (or blocks) synchronously must not hold this handler, or neither
        // the timeout nor a stopping worker could give the attempt up.
        var run = Task.Run(() => runner.RunAsync(request, unitCts.Token), CancellationToken.None);
        UnitRunResult result;
        try
        {
            result = await run.WaitAsync(timeout, time, stop).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Ask the segments to stop; a segment that ignores the token is abandoned (its late writes are not read).
            await unitCts.CancelAsync().ConfigureAwait(false);
            _ = run.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var outputs = result.Outputs.Select(o => (Key: StateKeys.Output(item.ExecutionId, o.Key, item.UnitId), o.Key, o.Value))
            .Concat(result.SegmentOutputs.Select(o => (Key: StateKeys.Output(item.ExecutionId, o.Key.Variable, item.UnitId, o.Key.Segment), o.Key.Variable, o.Value)));
        foreach (var (key, variable, value) in outputs)
        {
            sizes[variable] = Math.Max(sizes.GetValueOrDefault(variable), value.Length);
            var outcome = await store.PutIfAbsentAsync(key, value, stop).ConfigureAwait(false);
            if (outcome == PutResult.Conflict)
            {
                WorkerLog.OutputConflict(logger, item.IdempotencyKey, variable);
            }
        }

        if (result.Returned)
        {
            var value = result.ReturnValue ?? "null"u8.ToArray();
            await store.PutIfAbsentAsync(StateKeys.Return(item.ExecutionId, item.UnitId), value, stop).ConfigureAwait(false);
        }

        return (result.Returned, sizes);
    }
}
