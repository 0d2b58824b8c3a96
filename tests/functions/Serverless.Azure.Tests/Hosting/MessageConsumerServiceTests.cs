using System.Collections.Concurrent;
using Serverless.Azure.Hosting;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Azure.Tests.Hosting;

public sealed class MessageConsumerServiceTests
{
    [Fact]
    public async Task StartAndStop_WithMessages_HandlesThemAndFinishesInFlightOnStop()
    {
        var bus = new InMemoryMessageBus(TimeProvider.System);
        var done = new ConcurrentBag<string>();
        var started = new SemaphoreSlim(0);
        await using var service = new MessageConsumerService(bus, "work", async (m, _) =>
        {
            started.Release();
            await Task.Delay(200, CancellationToken.None);
            done.Add(m.Message.MessageId);
        });
        await service.StartAsync(CancellationToken.None);
        await bus.SendAsync("work", new BusMessage("a", new byte[] { 1 }));
        Assert.True(await started.WaitAsync(TimeSpan.FromMinutes(2)));

        await service.StopAsync(CancellationToken.None);

        Assert.Equal(["a"], done);
    }
}
