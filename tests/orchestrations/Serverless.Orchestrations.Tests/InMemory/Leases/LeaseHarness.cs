using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.InMemory.Leases;

/// <summary>
/// An in-memory bus on a <see cref="FakeTimeProvider"/> with gated consumers: every delivery is logged in order and
/// its handler waits until the test settles it. Disposing releases every handler and stops every consumer, so a
/// failing assertion never leaves a consumer waiting on a handler.
/// </summary>
internal sealed class LeaseHarness : IAsyncDisposable
{
    public const string Queue = "work";

    /// <summary>Real time allowed for something that must happen; only a failing test ever waits this long.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Channel<GatedDelivery> _deliveries = Channel.CreateUnbounded<GatedDelivery>();
    private readonly ConcurrentQueue<GatedDelivery> _all = new();
    private readonly ConcurrentQueue<IBusConsumer> _consumers = new();
    private volatile bool _disposing;
    private int _probes;

    public LeaseHarness(TimeSpan lockDuration, int maxDeliveryCount = 5)
    {
        Bus = new InMemoryMessageBus(Time);
        Options = new ConsumerOptions { LockDuration = lockDuration, MaxDeliveryCount = maxDeliveryCount, MaxConcurrency = 1 };
    }

    public FakeTimeProvider Time { get; } = new();

    /// <summary>The connection of the test itself; never severed.</summary>
    public InMemoryMessageBus Bus { get; }

    /// <summary>One handler at a time per consumer, so a consumer takes messages in queue order.</summary>
    public ConsumerOptions Options { get; }

    public static BusMessage Message(int i) => new($"m-{i}", new byte[] { (byte)i, 42 });

    public async Task StartConsumerAsync(InMemoryMessageBus connection)
    {
        var consumer = await connection.StartConsumerAsync(Queue, (received, cancellationToken) =>
        {
            if (_disposing)
            {
                return Task.CompletedTask;
            }

            var delivery = new GatedDelivery(received, connection);
            _all.Enqueue(delivery);
            _ = _deliveries.Writer.TryWrite(delivery);
            return delivery.Handled;
        }, Options);
        _consumers.Enqueue(consumer);
    }

    public Task SendAsync(int i, TimeSpan? delay = null, InMemoryMessageBus? via = null) => (via ?? Bus).SendAsync(Queue, Message(i), delay);

    public async Task<GatedDelivery> NextAsync(string what)
    {
        try
        {
            return await _deliveries.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Nothing was delivered within {Patience.TotalSeconds:0} s (real time) while waiting for {what}.");
            throw;
        }
    }

    /// <summary>
    /// Sends a probe message through the test's connection and waits for it; returns the first other delivery that came
    /// before it (left unsettled), or null. Needs an idle consumer: consumers take messages in queue order, so a
    /// message that was visible before the probe was sent is delivered before it, and null means none was.
    /// </summary>
    public async Task<GatedDelivery?> ProbeAsync()
    {
        var id = $"probe-{Interlocked.Increment(ref _probes)}";
        await Bus.SendAsync(Queue, new BusMessage(id, new byte[] { 1 }));
        var delivery = await NextAsync($"the probe message {id}");
        if (delivery.MessageId != id)
        {
            return delivery;
        }

        delivery.Complete();
        return null;
    }

    /// <summary>Fails, naming the message, if anything other than a probe is delivered now (see <see cref="ProbeAsync"/>).</summary>
    public async Task AssertNothingDeliveredAsync(string situation)
    {
        if (await ProbeAsync() is { } unexpected)
        {
            Assert.Fail($"{unexpected.MessageId} was delivered (delivery {unexpected.DeliveryCount}) {situation}, at fake time {Time.GetUtcNow():O}.");
        }
    }

    /// <summary>Polls the dead letters (real time) until there are <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<DeadLetteredMessage>> DeadLettersAsync(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var dead = await Bus.PeekDeadLettersAsync(Queue, 1000);
            if (dead.Count >= count)
            {
                return dead;
            }

            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"Expected {count} dead-lettered message(s) on '{Queue}'; found {dead.Count} after {Patience.TotalSeconds:0} s (real time).");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        foreach (var delivery in _all)
        {
            delivery.Release();
        }

        while (_consumers.TryDequeue(out var consumer))
        {
            await consumer.DisposeAsync().AsTask().WaitAsync(Patience);
        }
    }
}
