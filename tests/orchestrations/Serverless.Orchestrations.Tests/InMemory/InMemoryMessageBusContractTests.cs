using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Orchestrations.Tests.InMemory;

public sealed class InMemoryMessageBusContractTests : MessageBusContractTests
{
    protected override IMessageBus CreateBus() => new InMemoryMessageBus(TimeProvider.System);

    [Fact]
    public async Task SendAsync_NegativeDelay_ThrowsNamingTheQueue()
    {
        var bus = CreateBus();
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bus.SendAsync("work", Message(1), TimeSpan.FromSeconds(-1)));
        Assert.Contains("'work'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_CancelledWhileHandlerWaits_HandlerSeesCancellationAndMessageIsKept()
    {
        var bus = CreateBus();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = await bus.StartConsumerAsync("work", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, Options());
        await bus.SendAsync("work", Message(5));
        await started.Task.WaitAsync(Patience);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await consumer.StopAsync(cts.Token);
        await consumer.DisposeAsync();

        var received = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var next = await bus.StartConsumerAsync("work", (m, _) => { received.TrySetResult(m); return Task.CompletedTask; }, Options());
        var again = await received.Task.WaitAsync(Patience);
        Assert.Equal("m-5", again.Message.MessageId);
        Assert.Equal(2, again.DeliveryCount);
    }
}
