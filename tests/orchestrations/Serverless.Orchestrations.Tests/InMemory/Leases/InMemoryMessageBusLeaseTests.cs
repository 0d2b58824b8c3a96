using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.InMemory.Leases;

/// <summary>
/// Message leases of the in-memory bus on a fake clock: a crashed (severed) consumer's message comes back exactly
/// when its lease ends, a live consumer keeps its message however long its handler runs, and after
/// <see cref="ConsumerOptions.MaxDeliveryCount"/> lost leases the message is dead-lettered. Absence of a delivery is
/// checked with a probe message through an idle consumer (see <see cref="LeaseHarness.ProbeAsync"/>), never by waiting.
/// </summary>
public sealed class InMemoryMessageBusLeaseTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(3600)]
    public async Task Sever_ConsumerHoldingMessage_RedeliveredWithCountTwoOnlyWhenLeaseEnds(int lockSeconds)
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(lockSeconds));
        var crashing = h.Bus.OpenConnection();
        await h.StartConsumerAsync(crashing);
        await h.SendAsync(1);
        var first = await h.NextAsync("the first delivery");
        Assert.Equal(("m-1", 1), (first.MessageId, first.DeliveryCount));

        crashing.Sever();
        await h.StartConsumerAsync(h.Bus);
        h.Time.Advance(h.Options.LockDuration - Tick);
        await h.AssertNothingDeliveredAsync("one tick before the severed consumer's lease ends");

        h.Time.Advance(Tick);
        var second = await h.NextAsync("the redelivery once the lease ran out");
        Assert.Equal(("m-1", 2), (second.MessageId, second.DeliveryCount));
        Assert.Same(h.Bus, second.Connection);
        second.Complete();

        h.Time.Advance(h.Options.LockDuration * 3);
        await h.AssertNothingDeliveredAsync("after the redelivery was completed");
        Assert.Empty(await h.Bus.PeekDeadLettersAsync(LeaseHarness.Queue));
    }

    [Fact]
    public async Task LiveConsumer_HandlerRunsForManyLeaseDurations_KeepsTheMessageAndCompletesItOnce()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(10));
        var worker = h.Bus.OpenConnection();
        await h.StartConsumerAsync(worker);
        await h.SendAsync(1);
        var held = await h.NextAsync("the first delivery");

        // A second, idle consumer would get the message the moment its lease lapsed.
        await h.StartConsumerAsync(h.Bus);
        for (var step = 0; step < 12; step++)
        {
            h.Time.Advance(h.Options.LockDuration / 2);
            await h.AssertNothingDeliveredAsync($"while a live handler holds m-1, {step + 1} half-leases after it took it");
        }

        held.Complete();
        h.Time.Advance(h.Options.LockDuration * 3);
        await h.AssertNothingDeliveredAsync("after the live handler completed it");
        Assert.Equal(1, held.DeliveryCount);
        Assert.Empty(await h.Bus.PeekDeadLettersAsync(LeaseHarness.Queue));
    }

    [Fact]
    public async Task Handler_CompletesAfterItsConnectionWasSevered_DoesNotAcknowledge()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
        var crashing = h.Bus.OpenConnection();
        await h.StartConsumerAsync(crashing);
        await h.SendAsync(1);
        var frozen = await h.NextAsync("the first delivery");

        crashing.Sever();
        frozen.Complete();
        await h.StartConsumerAsync(h.Bus);
        h.Time.Advance(h.Options.LockDuration);
        var again = await h.NextAsync("the redelivery of the unacknowledged message");
        Assert.Equal(("m-1", 2), (again.MessageId, again.DeliveryCount));
        again.Complete();
        h.Time.Advance(h.Options.LockDuration * 3);
        await h.AssertNothingDeliveredAsync("after the redelivery was completed");
    }

    [Fact]
    public async Task Handler_ThrowsAfterItsConnectionWasSevered_NotAbandonedOnlyTheLeaseBringsItBackOnce()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
        var crashing = h.Bus.OpenConnection();
        await h.StartConsumerAsync(crashing);
        await h.SendAsync(1);
        var frozen = await h.NextAsync("the first delivery");

        crashing.Sever();
        frozen.Fail();
        await h.StartConsumerAsync(h.Bus);
        await h.AssertNothingDeliveredAsync("right after a severed consumer's handler threw (no abandon after a crash)");

        h.Time.Advance(h.Options.LockDuration);
        var again = await h.NextAsync("the redelivery once the lease ran out");
        Assert.Equal(("m-1", 2), (again.MessageId, again.DeliveryCount));
        again.Complete();
        h.Time.Advance(h.Options.LockDuration * 3);
        await h.AssertNothingDeliveredAsync("after the one redelivery was completed");
    }

    [Fact]
    public async Task Sever_WhileHandlerRunsLongerThanTheLease_LeaseCountsFromTheCrashNotFromTheDelivery()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(10));
        var crashing = h.Bus.OpenConnection();
        await h.StartConsumerAsync(crashing);
        await h.SendAsync(1);
        var frozen = await h.NextAsync("the first delivery");

        // Renewed while the process lived: three lease durations later it is still held.
        h.Time.Advance(h.Options.LockDuration * 3);
        crashing.Sever();
        await h.StartConsumerAsync(h.Bus);
        h.Time.Advance(h.Options.LockDuration - Tick);
        await h.AssertNothingDeliveredAsync("one tick before the lease that started at the crash ends");

        h.Time.Advance(Tick);
        var again = await h.NextAsync("the redelivery once the lease ran out");
        Assert.Equal(("m-1", 2), (again.MessageId, again.DeliveryCount));
        Assert.Equal(1, frozen.DeliveryCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task LeaseRunsOut_OnEveryDelivery_DeadLetteredAfterMaxDeliveryCountSayingTheLeaseRanOut(int maxDeliveryCount)
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30), maxDeliveryCount);
        await h.SendAsync(7);
        for (var delivery = 1; delivery <= maxDeliveryCount; delivery++)
        {
            var crashing = h.Bus.OpenConnection();
            await h.StartConsumerAsync(crashing);
            var taken = await h.NextAsync($"delivery {delivery}");
            Assert.Equal(("m-7", delivery), (taken.MessageId, taken.DeliveryCount));
            crashing.Sever();
            Assert.Empty(await h.Bus.PeekDeadLettersAsync(LeaseHarness.Queue));
            h.Time.Advance(h.Options.LockDuration);
        }

        var letter = Assert.Single(await h.DeadLettersAsync(1));
        Assert.Equal("m-7", letter.Message.MessageId);
        Assert.Equal(LeaseHarness.Message(7).Body.ToArray(), letter.Message.Body.ToArray());
        Assert.Equal(LeaseHarness.Queue, letter.Queue);
        Assert.Equal(maxDeliveryCount, letter.DeliveryCount);
        Assert.Contains("lease", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("ran out", letter.Reason, StringComparison.Ordinal);
        Assert.Contains($"delivery {maxDeliveryCount} of at most {maxDeliveryCount}", letter.Reason, StringComparison.Ordinal);

        await h.StartConsumerAsync(h.Bus);
        h.Time.Advance(h.Options.LockDuration * 3);
        await h.AssertNothingDeliveredAsync("after the message was dead-lettered");
        Assert.Single(await h.Bus.PeekDeadLettersAsync(LeaseHarness.Queue));
    }

    [Fact]
    public async Task Handler_FailsThenLeaseRunsOut_BothCountTowardsMaxDeliveryCount()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30), maxDeliveryCount: 3);
        await h.SendAsync(1);
        var live = h.Bus.OpenConnection();
        await h.StartConsumerAsync(live);
        var failing = await h.NextAsync("delivery 1");
        failing.Fail();
        var second = await h.NextAsync("delivery 2, after the failure");
        Assert.Equal(2, second.DeliveryCount);
        live.Sever();
        h.Time.Advance(h.Options.LockDuration);

        var crashing = h.Bus.OpenConnection();
        await h.StartConsumerAsync(crashing);
        var third = await h.NextAsync("delivery 3, after the lease ran out");
        Assert.Equal(3, third.DeliveryCount);
        crashing.Sever();
        h.Time.Advance(h.Options.LockDuration);

        var letter = Assert.Single(await h.DeadLettersAsync(1));
        Assert.Equal(3, letter.DeliveryCount);
        Assert.Contains("lease", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WithDelay_DeliveredExactlyWhenTheFakeClockReachesIt()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
        await h.StartConsumerAsync(h.Bus);
        var delay = TimeSpan.FromMinutes(10);
        await h.SendAsync(1, delay);
        await h.SendAsync(2);
        var undelayed = await h.NextAsync("the undelayed message");
        Assert.Equal("m-2", undelayed.MessageId);
        undelayed.Complete();

        h.Time.Advance(delay - Tick);
        await h.AssertNothingDeliveredAsync("one tick before the delayed message is due");
        h.Time.Advance(Tick);
        var delayed = await h.NextAsync("the delayed message");
        Assert.Equal(("m-1", 1), (delayed.MessageId, delayed.DeliveryCount));
    }

    [Fact]
    public async Task SendAsync_DelayedThenSenderSevered_StillDeliveredWhenDue()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
        var sender = h.Bus.OpenConnection();
        await h.SendAsync(1, TimeSpan.FromSeconds(5), via: sender);
        sender.Sever();
        await h.StartConsumerAsync(h.Bus);
        await h.AssertNothingDeliveredAsync("before the delayed message is due");

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var delayed = await h.NextAsync("the message scheduled before its sender crashed");
        Assert.Equal(("m-1", 1), (delayed.MessageId, delayed.DeliveryCount));
    }

    [Fact]
    public async Task SendAsync_RandomDelays_EachDeliveredOnceExactlyWhenTheClockPassesItsDueTime()
    {
        for (var seed = 1; seed <= 15; seed++)
        {
            var random = new Random(seed);
            await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
            await h.StartConsumerAsync(h.Bus);
            var start = h.Time.GetUtcNow();
            var due = new Dictionary<string, TimeSpan>();
            for (var i = 0; i < 6; i++)
            {
                TimeSpan? delay = random.Next(4) == 0 ? null : TimeSpan.FromMilliseconds(random.Next(0, 120_000));
                due[$"m-{i}"] = delay ?? TimeSpan.Zero;
                await h.SendAsync(i, delay);
            }

            var delivered = new HashSet<string>();
            while (delivered.Count < due.Count)
            {
                var now = h.Time.GetUtcNow() - start;
                var expected = due.Where(d => d.Value <= now && !delivered.Contains(d.Key)).Select(d => d.Key).ToHashSet();
                while (expected.Count > 0)
                {
                    var next = await h.NextAsync($"seed {seed}: {string.Join(", ", expected)} (due by {now})");
                    Assert.True(expected.Remove(next.MessageId), $"seed {seed}: {next.MessageId} (due at {due.GetValueOrDefault(next.MessageId)}) delivered at {now}");
                    Assert.Equal(1, next.DeliveryCount);
                    Assert.True(delivered.Add(next.MessageId));
                    next.Complete();
                }

                if (await h.ProbeAsync() is { } early)
                {
                    Assert.Fail($"seed {seed}: {early.MessageId} (due at {due.GetValueOrDefault(early.MessageId)}) delivered at {now}, early or twice.");
                }

                h.Time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 30_000)));
            }
        }
    }

    [Fact]
    public async Task RandomInterleavings_SendTakeSeverAdvanceSettle_NoMessageLostNoneHeldByTwoLiveConsumers()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            await new InterleavingRun(seed).RunAsync();
        }
    }

    [Fact]
    public async Task SeveredConnection_SendOrStartConsumer_ThrowsSayingItWasSeveredWhileOtherConnectionsWork()
    {
        await using var h = new LeaseHarness(TimeSpan.FromSeconds(30));
        var crashed = h.Bus.OpenConnection();
        crashed.Sever();

        Assert.True(crashed.IsSevered);
        Assert.False(h.Bus.IsSevered);
        var send = await Assert.ThrowsAsync<InvalidOperationException>(() => h.SendAsync(1, via: crashed));
        Assert.Contains("severed", send.Message, StringComparison.Ordinal);
        Assert.Contains($"'{LeaseHarness.Queue}'", send.Message, StringComparison.Ordinal);
        var consume = await Assert.ThrowsAsync<InvalidOperationException>(() => h.StartConsumerAsync(crashed));
        Assert.Contains("severed", consume.Message, StringComparison.Ordinal);

        await h.StartConsumerAsync(h.Bus);
        await h.SendAsync(2);
        Assert.Equal("m-2", (await h.NextAsync("a message sent on the live connection")).MessageId);
    }
}
