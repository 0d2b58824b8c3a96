using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Serverless.Azure.Messaging;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Azure.Tests.Messaging;

[Collection(StorageFixture.Collection)]
public sealed class StorageQueueMessageBusContractTests : MessageBusContractTests
{
    private readonly StorageFixture _storage;

    public StorageQueueMessageBusContractTests(StorageFixture storage) => _storage = storage;

    protected override IMessageBus CreateBus() => StorageQueueMessageBus.FromConnectionString(_storage.ConnectionString, new StorageQueueMessageBusOptions
    {
        MinPollInterval = TimeSpan.FromMilliseconds(50),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
    });

    protected override string NewQueueName() => _storage.UniqueName("q");

    [Fact]
    public async Task SendAsync_BodyTooLargeForAQueueMessage_TravelsThroughABlobThatIsDeletedAfterCompletion()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var big = Message(1, 200_000);
        await bus.SendAsync(queue, big);
        var raw = await new QueueServiceClient(_storage.ConnectionString).GetQueueClient(queue).PeekMessageAsync();
        Assert.Contains("\"blob\"", raw.Value.MessageText, StringComparison.Ordinal);

        var received = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var consumer = await bus.StartConsumerAsync(queue, (m, _) => { received.TrySetResult(m); return Task.CompletedTask; }, Options()))
        {
            var got = await received.Task.WaitAsync(Patience);
            Assert.Equal(big.Body.ToArray(), got.Message.Body.ToArray());
        }

        var container = new BlobServiceClient(_storage.ConnectionString).GetBlobContainerClient("splitbus-large");
        await WaitUntilAsync(() => !container.GetBlobs(BlobTraits.None, BlobStates.None, queue + "/", default).Any(), "the body blob to be deleted");
    }

    [Fact]
    public async Task Consumer_UnreadableMessage_DeadLetteredAtOnceWithReason()
    {
        var bus = CreateBus();
        var queue = NewQueueName();
        var client = new QueueServiceClient(_storage.ConnectionString).GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync("this is not an envelope");
        var handled = 0;
        await using (var consumer = await bus.StartConsumerAsync(queue, (_, _) => { Interlocked.Increment(ref handled); return Task.CompletedTask; }, Options()))
        {
            var dead = await WaitForDeadLettersAsync(bus, queue, 1);
            Assert.Contains("could not be read", Assert.Single(dead).Reason, StringComparison.Ordinal);
        }

        Assert.Equal(0, handled);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a_b")]
    [InlineData("x")]
    [InlineData("a--b")]
    public async Task SendAsync_InvalidQueueName_ThrowsExplainingTheRules(string queue)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => CreateBus().SendAsync(queue, Message(1)));
        Assert.Contains("lowercase letters", ex.Message, StringComparison.Ordinal);
    }
}
