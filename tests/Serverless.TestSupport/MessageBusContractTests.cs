using System.Collections.Concurrent;
using System.Diagnostics;
using Serverless.Orchestrations.Ports;

namespace Serverless.TestSupport;

/// <summary>
/// The behaviour every <see cref="IMessageBus"/> must have. A subclass per implementation supplies the bus (and may
/// skip with <c>Skip.If</c> in <see cref="CreateBus"/> when its service is unreachable); the same tests run against the
/// in-memory bus, Storage Queues on Azurite and, when configured, Service Bus.
/// </summary>
public abstract class MessageBusContractTests
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private static readonly string RunId = Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    private static int _queues;

    /// <summary>Creates the bus under test (one per test). Call <c>Skip.If</c> here when the backing service is missing.</summary>
    protected abstract IMessageBus CreateBus();

    /// <summary>A queue name no other test uses; lowercase letters, digits and hyphens, valid on every backend.</summary>
    protected virtual string NewQueueName() => $"q{RunId}-{Interlocked.Increment(ref _queues)}";

    /// <summary>Consumer options with short timings so the suite stays fast.</summary>
    protected virtual ConsumerOptions Options(int maxDeliveryCount = 5, int maxConcurrency = 4, TimeSpan? lockDuration = null)
        => new() { MaxDeliveryCount = maxDeliveryCount, MaxConcurrency = maxConcurrency, LockDuration = lockDuration ?? TimeSpan.FromSeconds(10) };

    protected static BusMessage Message(int i, int size = 100)
    {
        var body = new byte[size];
        new Random(i).NextBytes(body);
        return new BusMessage($"m-{i}", body, new Dictionary<string, string> { ["index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ["odd"] = "ü/#?&<>\"" });
    }

    protected static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > (timeout ?? Patience))
            {
                Assert.Fail($"Timed out after {sw.Elapsed.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }

    protected static async Task<IReadOnlyList<DeadLetteredMessage>> WaitForDeadLettersAsync(IMessageBus bus, string queue, int count)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var dead = await bus.PeekDeadLettersAsync(queue);
            if (dead.Count >= count)
            {
                return dead;
            }

            if (sw.Elapsed > Patience)
            {
                Assert.Fail($"Timed out waiting for {count} dead-lettered messages on '{queue}'; found {dead.Count}.");
            }

            await Task.Delay(100);
        }
    }

    private static void AssertSameMessage(BusMessage expected, BusMessage actual)
    {
        Assert.Equal(expected.MessageId, actual.MessageId);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(expected.Properties!.OrderBy(p => p.Key), actual.Properties!.OrderBy(p => p.Key));
    }

    [SkippableFact]
    public async Task SendAsync_ManyMessages_EachDeliveredOnceIntactInAnyOrder()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var sent = Enumerable.Range(0, 25).Select(i => Message(i, i * 97)).ToList();
        foreach (var m in sent)
        {
            await bus.SendAsync(queue, m);
        }

        var received = new ConcurrentBag<ReceivedMessage>();
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) => { received.Add(m); return Task.CompletedTask; }, Options()))
        {
            await WaitUntilAsync(() => received.Count >= sent.Count, $"{sent.Count} messages");
            await Task.Delay(500);
        }

        Assert.Equal(sent.Count, received.Count);
        foreach (var m in sent)
        {
            var got = Assert.Single(received, r => r.Message.MessageId == m.MessageId);
            AssertSameMessage(m, got.Message);
            Assert.Equal(queue, got.Queue);
            Assert.Equal(1, got.DeliveryCount);
        }

        Assert.Empty(await bus.PeekDeadLettersAsync(queue));
    }

    [SkippableFact]
    public async Task Handler_ThrowsOnFirstDelivery_MessageIsRedeliveredAndCompleted()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var deliveries = new ConcurrentQueue<int>();
        var completed = 0;
        await bus.SendAsync(queue, Message(1));
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) =>
        {
            deliveries.Enqueue(m.DeliveryCount);
            if (m.DeliveryCount == 1)
            {
                throw new InvalidOperationException("transient failure");
            }

            Interlocked.Increment(ref completed);
            return Task.CompletedTask;
        }, Options()))
        {
            await WaitUntilAsync(() => Volatile.Read(ref completed) == 1, "the redelivered message to complete");
            await Task.Delay(500);
        }

        Assert.Equal([1, 2], deliveries.ToArray());
        Assert.Empty(await bus.PeekDeadLettersAsync(queue));
    }

    [SkippableFact]
    public async Task Handler_AlwaysThrows_DeadLetteredAfterMaxDeliveriesWithReason()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var attempts = new ConcurrentDictionary<string, int>();
        var poisoned = Message(7, 300);
        var healthy = Message(8);
        await bus.SendAsync(queue, poisoned);
        await bus.SendAsync(queue, healthy);
        IReadOnlyList<DeadLetteredMessage> dead;
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) =>
        {
            attempts.AddOrUpdate(m.Message.MessageId, 1, (_, n) => n + 1);
            return m.Message.MessageId == poisoned.MessageId ? throw new InvalidOperationException($"boom for {m.Message.MessageId}") : Task.CompletedTask;
        }, Options(maxDeliveryCount: 3)))
        {
            dead = await WaitForDeadLettersAsync(bus, queue, 1);
            await Task.Delay(700);
        }

        var letter = Assert.Single(dead);
        AssertSameMessage(poisoned, letter.Message);
        Assert.Equal(queue, letter.Queue);
        Assert.Equal(3, letter.DeliveryCount);
        Assert.Contains("boom for m-7", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(3, attempts[poisoned.MessageId]);
        Assert.Equal(1, attempts[healthy.MessageId]);
    }

    [SkippableFact]
    public async Task ConcurrentConsumers_OneQueue_NeverBothCompleteOneMessage()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            await bus.SendAsync(queue, Message(i, 50));
        }

        var completions = new ConcurrentDictionary<string, int>();
        var byConsumer = new int[2];
        Func<ReceivedMessage, CancellationToken, Task> Handler(int consumer) => async (m, ct) =>
        {
            await Task.Delay(20, ct);
            completions.AddOrUpdate(m.Message.MessageId, 1, (_, n) => n + 1);
            Interlocked.Increment(ref byConsumer[consumer]);
        };

        var first = await bus.StartConsumerAsync(queue, Handler(0), Options(maxConcurrency: 3));
        var second = await bus.StartConsumerAsync(queue, Handler(1), Options(maxConcurrency: 3));
        await WaitUntilAsync(() => completions.Count >= count, $"{count} messages over two consumers");
        await Task.Delay(500);
        await Task.WhenAll(first.StopAsync(), second.StopAsync());
        await first.DisposeAsync();
        await second.DisposeAsync();

        Assert.Equal(count, completions.Count);
        Assert.All(completions, c => Assert.Equal(1, c.Value));
        Assert.Equal(count, byConsumer.Sum());
    }

    [SkippableFact]
    public async Task SendAsync_60KBMessage_ArrivesIntact()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var big = Message(60, 60 * 1024);
        await bus.SendAsync(queue, big);
        var received = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) => { received.TrySetResult(m); return Task.CompletedTask; }, Options()))
        {
            AssertSameMessage(big, (await received.Task.WaitAsync(Patience)).Message);
        }
    }

    [SkippableFact]
    public async Task StopAsync_WithHandlersInFlight_LosesNothing()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        const int count = 24;
        for (var i = 0; i < count; i++)
        {
            await bus.SendAsync(queue, Message(i, 20));
        }

        var started = new ConcurrentDictionary<string, bool>();
        var completedByFirst = new ConcurrentDictionary<string, bool>();
        var first = await bus.StartConsumerAsync(queue, async (m, _) =>
        {
            started[m.Message.MessageId] = true;
            await Task.Delay(300, CancellationToken.None);
            completedByFirst[m.Message.MessageId] = true;
        }, Options(maxConcurrency: 3));
        await WaitUntilAsync(() => completedByFirst.Count >= 3, "the first consumer to complete a few messages");
        await first.StopAsync();
        await first.DisposeAsync();

        // Everything the first consumer started, it finished before StopAsync returned.
        Assert.True(started.Keys.ToHashSet().SetEquals(completedByFirst.Keys), "StopAsync returned while a handler was still running");
        var doneAtStop = completedByFirst.Count;
        await Task.Delay(300);
        Assert.Equal(doneAtStop, completedByFirst.Count);

        var completedBySecond = new ConcurrentDictionary<string, bool>();
        await using (var second = await bus.StartConsumerAsync(queue, (m, _) => { completedBySecond[m.Message.MessageId] = true; return Task.CompletedTask; }, Options()))
        {
            await WaitUntilAsync(() => completedByFirst.Count + completedBySecond.Count >= count, "the second consumer to take the rest");
            await Task.Delay(300);
        }

        var all = completedByFirst.Keys.Concat(completedBySecond.Keys).ToList();
        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
    }

    [SkippableFact]
    public async Task SendAsync_WithDelay_DeliveredAfterTheDelayAndAfterUndelayedOnes()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var arrivals = new ConcurrentQueue<(string Id, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        await bus.SendAsync(queue, Message(1), TimeSpan.FromSeconds(3));
        await bus.SendAsync(queue, Message(2));
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) => { arrivals.Enqueue((m.Message.MessageId, clock.Elapsed)); return Task.CompletedTask; }, Options()))
        {
            await WaitUntilAsync(() => arrivals.Count >= 2, "the delayed and the undelayed message");
        }

        var order = arrivals.ToArray();
        Assert.Equal(["m-2", "m-1"], order.Select(a => a.Id));
        Assert.True(order[1].At >= TimeSpan.FromSeconds(2.5), $"the delayed message arrived after {order[1].At.TotalSeconds:0.00} s, before its 3 s delay");
    }

    [SkippableFact]
    public async Task Handler_RunningLongerThanTheLock_IsNotRedeliveredMeanwhile()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var deliveries = 0;
        var completed = 0;
        await bus.SendAsync(queue, Message(1));
        Func<ReceivedMessage, CancellationToken, Task> handler = async (m, ct) =>
        {
            Interlocked.Increment(ref deliveries);
            await Task.Delay(TimeSpan.FromSeconds(6.5), ct);
            Interlocked.Increment(ref completed);
        };
        await using (var a = await bus.StartConsumerAsync(queue, handler, Options(lockDuration: TimeSpan.FromSeconds(3))))
        await using (var b = await bus.StartConsumerAsync(queue, handler, Options(lockDuration: TimeSpan.FromSeconds(3))))
        {
            await WaitUntilAsync(() => Volatile.Read(ref completed) >= 1, "the long handler to finish");
            await Task.Delay(1000);
        }

        Assert.Equal(1, deliveries);
        Assert.Equal(1, completed);
    }

    [SkippableFact]
    public async Task PeekDeadLettersAsync_QueueNeverUsed_ReturnsEmpty()
    {
        var bus = CreateBus();
        Assert.Empty(await bus.PeekDeadLettersAsync(NewQueueName()));
    }

    [SkippableFact]
    public async Task StartConsumerAsync_InvalidOptions_ThrowsNamingTheSetting()
    {
        var bus = CreateBus();
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => bus.StartConsumerAsync(NewQueueName(), (_, _) => Task.CompletedTask, Options() with { MaxConcurrency = 0 }));
        Assert.Contains("MaxConcurrency", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GetBacklogAsync_QueueNeverUsed_IsZero()
    {
        var bus = CreateBus();
        Assert.Equal(0, await bus.GetBacklogAsync(NewQueueName()));
    }

    [SkippableFact]
    public async Task GetBacklogAsync_MessagesWaitingThenConsumed_CountsThemThenDrainsToZero()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var count = new Random(queue.GetHashCode(StringComparison.Ordinal)).Next(3, 12);
        for (var i = 0; i < count; i++)
        {
            await bus.SendAsync(queue, Message(i));
        }

        // Approximate on the Azure services: wait until the count has caught up (it never exceeds what was sent).
        long seen = 0;
        await WaitForBacklogAsync(async () => (seen = await bus.GetBacklogAsync(queue)) == count, $"a backlog of {count} on '{queue}'");
        var handled = 0;
        await using (var consumer = await bus.StartConsumerAsync(queue, (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        }, Options()))
        {
            await WaitUntilAsync(() => Volatile.Read(ref handled) == count, "every message to be handled");
            await WaitForBacklogAsync(async () => await bus.GetBacklogAsync(queue) == 0, $"the backlog of '{queue}' to drain to 0");
        }

        Assert.Equal(count, seen);
    }

    [SkippableFact]
    public async Task GetBacklogAsync_DeadLetteredMessage_IsNotCounted()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        await bus.SendAsync(queue, Message(1));
        await using (var consumer = await bus.StartConsumerAsync(queue, (_, _) => throw new InvalidOperationException("poison"), Options(maxDeliveryCount: 1)))
        {
            await WaitForDeadLettersAsync(bus, queue, 1);
        }

        await WaitForBacklogAsync(async () => await bus.GetBacklogAsync(queue) == 0, $"the backlog of '{queue}' to leave the dead letter out");
    }

    private static async Task WaitForBacklogAsync(Func<Task<bool>> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            if (sw.Elapsed > Patience)
            {
                Assert.Fail($"Timed out after {sw.Elapsed.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }
}
