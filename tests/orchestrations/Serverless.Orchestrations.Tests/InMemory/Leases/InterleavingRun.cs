using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.InMemory.Leases;

/// <summary>
/// One random interleaving of sends (some delayed), consumers starting on their own connections (and taking
/// messages), severed connections, fake-clock advances and handlers completing or failing, on a bus whose lease,
/// delivery limit and concurrency are drawn too. The seed fixes the choices; thread timing may still vary, and the
/// checks hold for any timing: no message is handed to two live consumers at once, a message's delivery count grows
/// with each live delivery and never passes the limit, and after a drain every message was completed exactly once
/// (by a live consumer) or dead-lettered, never both.
/// </summary>
internal sealed class InterleavingRun
{
    private const string Queue = "work";

    private readonly int _seed;
    private readonly Random _random;
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryMessageBus _bus;
    private readonly ConsumerOptions _options;
    private readonly object _lock = new();
    private readonly Dictionary<InMemoryMessageBus, string> _names = [];
    private readonly List<(InMemoryMessageBus Connection, IBusConsumer Consumer)> _consumers = [];
    private readonly Dictionary<string, GatedDelivery> _liveHolders = new(StringComparer.Ordinal);
    private readonly List<GatedDelivery> _unsettled = [];
    private readonly Dictionary<string, int> _completions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _highestDeliveryCount = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly List<string> _trace = [];
    private readonly List<string> _sent = [];
    private bool _draining;

    public InterleavingRun(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _bus = new InMemoryMessageBus(_time);
        _options = new ConsumerOptions
        {
            LockDuration = TimeSpan.FromSeconds(_random.Next(1, 120)),
            MaxDeliveryCount = _random.Next(1, 5),
            MaxConcurrency = _random.Next(1, 3),
        };
        _names[_bus] = "sender";
    }

    public async Task RunAsync()
    {
        _trace.Add($"seed {_seed}: lock {_options.LockDuration}, max deliveries {_options.MaxDeliveryCount}, concurrency {_options.MaxConcurrency}");
        try
        {
            var steps = _random.Next(10, 60);
            for (var step = 0; step < steps; step++)
            {
                await StepAsync();
                switch (_random.Next(3))
                {
                    case 0:
                        break;
                    case 1:
                        await Task.Yield();
                        break;
                    default:
                        await Task.Delay(1);
                        break;
                }
            }

            await DrainAsync();
            await CheckAsync();
        }
        finally
        {
            await StopAllAsync();
        }
    }

    private async Task StepAsync()
    {
        var roll = _random.Next(11);
        if (roll < 3)
        {
            var id = $"m-{_sent.Count}";
            TimeSpan? delay = _random.Next(3) == 0 ? TimeSpan.FromMilliseconds(_random.Next(0, (int)(_options.LockDuration.TotalMilliseconds * 2))) : null;
            lock (_lock)
            {
                _sent.Add(id);
                _trace.Add($"send {id}{(delay is { } d ? $" delayed {d}" : string.Empty)}");
            }

            await _bus.SendAsync(Queue, new BusMessage(id, new byte[] { (byte)_sent.Count }), delay);
        }
        else if (roll < 4)
        {
            if (LiveConnections().Count < 3)
            {
                await StartConsumerAsync();
            }
        }
        else if (roll < 5)
        {
            var live = LiveConnections();
            if (live.Count > 0)
            {
                Sever(live[_random.Next(live.Count)]);
            }
        }
        else if (roll < 7)
        {
            var by = TimeSpan.FromMilliseconds(_random.Next(0, (int)(_options.LockDuration.TotalMilliseconds * 1.5)));
            lock (_lock)
            {
                _trace.Add($"advance {by}");
            }

            _time.Advance(by);
        }
        else
        {
            Settle(complete: roll < 10);
        }
    }

    private async Task StartConsumerAsync()
    {
        var connection = _bus.OpenConnection();
        lock (_lock)
        {
            _names[connection] = $"c{_names.Count}";
            _trace.Add($"start consumer on {_names[connection]}");
        }

        var consumer = await connection.StartConsumerAsync(Queue, (received, _) => Handle(received, connection), _options);
        lock (_lock)
        {
            _consumers.Add((connection, consumer));
        }
    }

    private Task Handle(ReceivedMessage received, InMemoryMessageBus connection)
    {
        var delivery = new GatedDelivery(received, connection);
        var id = delivery.MessageId;
        lock (_lock)
        {
            // Sever() runs under this lock too, so "live" here agrees with what the bus decided.
            var live = !connection.IsSevered;
            _trace.Add($"deliver {id} #{delivery.DeliveryCount} to {_names[connection]}{(live ? string.Empty : " (severed)")}");
            var highest = _highestDeliveryCount.GetValueOrDefault(id);
            if (live && delivery.DeliveryCount <= highest)
            {
                _violations.Add($"{id} delivered to {_names[connection]} with count {delivery.DeliveryCount}, not above the {highest} it already had");
            }

            _highestDeliveryCount[id] = Math.Max(highest, delivery.DeliveryCount);
            if (delivery.DeliveryCount > _options.MaxDeliveryCount)
            {
                _violations.Add($"{id} delivered with count {delivery.DeliveryCount}, past the limit of {_options.MaxDeliveryCount}");
            }

            if (live && _liveHolders.TryGetValue(id, out var holder))
            {
                _violations.Add($"{id} handed to {_names[connection]} (#{delivery.DeliveryCount}) while live {_names[holder.Connection]} still holds it (#{holder.DeliveryCount})");
            }

            if (_draining)
            {
                if (live)
                {
                    Count(id);
                }

                return Task.CompletedTask;
            }

            if (live)
            {
                _liveHolders[id] = delivery;
            }

            _unsettled.Add(delivery);
        }

        return delivery.Handled;
    }

    private void Sever(InMemoryMessageBus connection)
    {
        lock (_lock)
        {
            _trace.Add($"sever {_names[connection]}");
            connection.Sever();
            foreach (var held in _liveHolders.Where(h => h.Value.Connection == connection).Select(h => h.Key).ToList())
            {
                _ = _liveHolders.Remove(held);
            }
        }
    }

    private void Settle(bool complete)
    {
        GatedDelivery delivery;
        lock (_lock)
        {
            if (_unsettled.Count == 0)
            {
                return;
            }

            delivery = _unsettled[_random.Next(_unsettled.Count)];
            _ = _unsettled.Remove(delivery);
            var live = !delivery.Connection.IsSevered;
            _trace.Add($"{(complete ? "complete" : "fail")} {delivery.MessageId} #{delivery.DeliveryCount} on {_names[delivery.Connection]}{(live ? string.Empty : " (severed)")}");
            if (live)
            {
                _ = _liveHolders.Remove(delivery.MessageId);
                if (complete)
                {
                    Count(delivery.MessageId);
                }
            }
        }

        // Outside the lock: the consumer settles inline and may hand this thread its next message at once.
        if (complete)
        {
            delivery.Complete();
        }
        else
        {
            delivery.Fail();
        }
    }

    private void Count(string id) => _completions[id] = _completions.GetValueOrDefault(id) + 1;

    /// <summary>Every handler from now on completes at once; the held ones are let go; time runs until all is settled.</summary>
    private async Task DrainAsync()
    {
        lock (_lock)
        {
            _trace.Add("drain");
        }

        while (true)
        {
            List<GatedDelivery> held;
            lock (_lock)
            {
                _draining = true;
                held = [.. _unsettled];
                _unsettled.Clear();
                foreach (var delivery in held.Where(d => !d.Connection.IsSevered))
                {
                    _ = _liveHolders.Remove(delivery.MessageId);
                    Count(delivery.MessageId);
                }
            }

            if (held.Count == 0)
            {
                break;
            }

            // Frozen handlers of severed connections finish too, half of them failing: neither may settle anything.
            foreach (var delivery in held)
            {
                if (delivery.Connection.IsSevered && _random.Next(2) == 0)
                {
                    delivery.Fail();
                }
                else
                {
                    delivery.Complete();
                }
            }
        }

        if (LiveConnections().Count == 0)
        {
            await StartConsumerAsync();
        }

        var waited = Stopwatch.StartNew();
        while (!await AllAccountedForAsync())
        {
            if (waited.Elapsed > LeaseHarness.Patience)
            {
                break;
            }

            // A consumer severed between taking a message and registering it starts that lease late, so keep going.
            _time.Advance(_options.LockDuration * 2);
            await Task.Delay(2);
        }
    }

    private async Task<bool> AllAccountedForAsync()
    {
        var dead = await _bus.PeekDeadLettersAsync(Queue, 10_000);
        lock (_lock)
        {
            var done = _completions.Keys.Concat(dead.Select(d => d.Message.MessageId)).ToHashSet(StringComparer.Ordinal);
            return _sent.All(done.Contains);
        }
    }

    private async Task CheckAsync()
    {
        // Anything still to come (a duplicate, a late redelivery) would show after the clock runs on.
        _time.Advance(_options.LockDuration * 5);
        await Task.Delay(20);
        var dead = await _bus.PeekDeadLettersAsync(Queue, 10_000);
        lock (_lock)
        {
            var problems = new List<string>(_violations);
            foreach (var id in _sent)
            {
                var completed = _completions.GetValueOrDefault(id);
                var deadLettered = dead.Count(d => d.Message.MessageId == id);
                if (completed + deadLettered != 1)
                {
                    problems.Add($"{id} was completed {completed} time(s) and dead-lettered {deadLettered} time(s); expected exactly one of the two");
                }
            }

            foreach (var letter in dead)
            {
                if (letter.DeliveryCount != _options.MaxDeliveryCount)
                {
                    problems.Add($"{letter.Message.MessageId} dead-lettered after {letter.DeliveryCount} deliveries, not {_options.MaxDeliveryCount}: {letter.Reason}");
                }
            }

            Assert.True(problems.Count == 0, $"seed {_seed}:\n{string.Join("\n", problems)}\n--- trace ---\n{string.Join("\n", _trace.TakeLast(80))}");
        }
    }

    private List<InMemoryMessageBus> LiveConnections()
    {
        lock (_lock)
        {
            return _consumers.Where(c => !c.Connection.IsSevered).Select(c => c.Connection).ToList();
        }
    }

    private async Task StopAllAsync()
    {
        lock (_lock)
        {
            _draining = true;
            foreach (var delivery in _unsettled)
            {
                delivery.Release();
            }

            _unsettled.Clear();
        }

        foreach (var (_, consumer) in _consumers)
        {
            await consumer.DisposeAsync().AsTask().WaitAsync(LeaseHarness.Patience);
        }
    }
}
