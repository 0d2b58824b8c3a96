using System.Reflection;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Azure.Messaging;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Functions.Tests.Execution;

/// <summary>The Storage Queues completion trigger's handler: envelopes as the Storage Queue bus writes them.</summary>
public sealed class CompletionQueueFunctionsTests
{
    private readonly FakeDurableTaskClient _client = new();
    private readonly Dictionary<string, BinaryData> _blobs = new(StringComparer.Ordinal);

    private CompletionQueueFunctions Function() => new(
        new StorageQueueEnvelopeReader((name, _) => Task.FromResult(_blobs.TryGetValue(name, out var b) ? b : throw new InvalidOperationException($"no blob {name}"))),
        new InMemoryMessageBus(TimeProvider.System),
        NullLoggerFactory.Instance);

    /// <summary>The message text <see cref="StorageQueueMessageBus"/> writes (its internal envelope and serializer, by reflection).</summary>
    private static string Envelope(BusMessage message, string? blob = null)
    {
        var assembly = typeof(StorageQueueMessageBus).Assembly;
        var type = assembly.GetType("Serverless.Azure.Messaging.QueueEnvelope", throwOnError: true)!;
        var envelope = Activator.CreateInstance(type)!;
        type.GetProperty("MessageId")!.SetValue(envelope, message.MessageId);
        type.GetProperty("Properties")!.SetValue(envelope, message.Properties is null ? null : new Dictionary<string, string>(message.Properties));
        type.GetProperty("Body")!.SetValue(envelope, blob is null ? message.Body.ToArray() : null);
        type.GetProperty("Blob")!.SetValue(envelope, blob);
        var serialize = typeof(StorageQueueMessageBus).GetMethod("Serialize", BindingFlags.NonPublic | BindingFlags.Static)!;
        return (string)serialize.Invoke(null, [envelope])!;
    }

    private static UnitCompleted Completion(Random random) => new()
    {
        ExecutionId = $"x{random.Next():x}",
        InstanceId = $"x{random.Next():x}",
        UnitId = random.Next(0, 200),
        Attempt = random.Next(1, 5),
        Succeeded = random.Next(2) == 0,
        Region = "westeurope",
        DurationMs = random.Next(0, 10_000),
        Error = random.Next(2) == 0 ? null : new UnitError("System.Exception", new string('é', random.Next(0, 300)) + "<&>"),
    };

    private void Running(string instanceId)
        => _client.Instances[instanceId] = new OrchestrationMetadata(nameof(Orchestrations.Orchestrators.ExecutePlanOrchestrator), instanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Running };

    [Fact]
    public async Task HandleAsync_EnvelopeOfTheStorageQueueBus_RaisesUnitCompletedOnItsInstance()
    {
        var random = new Random(11);
        for (var i = 0; i < 50; i++)
        {
            var completed = Completion(random);
            Running(completed.InstanceId);
            var message = EngineMessages.ToMessage(completed);
            var inBlob = random.Next(3) == 0;
            string? blob = inBlob ? $"completions/{i}" : null;
            if (blob is not null)
            {
                _blobs[blob] = BinaryData.FromBytes(message.Body);
            }

            await Function().HandleAsync(Envelope(message, blob), _client, 1, CancellationToken.None);

            var raised = _client.Raised[^1];
            Assert.Equal(completed.InstanceId, raised.InstanceId);
            Assert.Equal(UnitCompleted.EventName, raised.EventName);
            var payload = Assert.IsType<UnitCompleted>(raised.Payload);
            Assert.Equal(completed with { OutputBytes = payload.OutputBytes }, payload);
        }

        Assert.Equal(50, _client.Raised.Count);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task HandleAsync_FinishedInstance_IsDroppedWithoutError(OrchestrationRuntimeStatus status)
    {
        var completed = Completion(new Random(12));
        _client.Instances[completed.InstanceId] = new OrchestrationMetadata("ExecutePlanOrchestrator", completed.InstanceId) { RuntimeStatus = status };
        _client.RaiseFailure = new InvalidOperationException("instance is not running");

        await Function().HandleAsync(Envelope(EngineMessages.ToMessage(completed)), _client, 1, CancellationToken.None);

        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task HandleAsync_UnknownInstance_IsDroppedWithoutError()
    {
        _client.RaiseFailure = new InvalidOperationException("no such instance");
        await Function().HandleAsync(Envelope(EngineMessages.ToMessage(Completion(new Random(13)))), _client, 1, CancellationToken.None);
        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task HandleAsync_RunningInstanceAndRaiseFails_ThrowsSoTheQueueRetries()
    {
        var completed = Completion(new Random(14));
        Running(completed.InstanceId);
        _client.RaiseFailure = new InvalidOperationException("backend unavailable");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Function().HandleAsync(Envelope(EngineMessages.ToMessage(completed)), _client, 1, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"props\":{}}")]
    [InlineData("{\"id\":\"m1\"}")]
    [InlineData("{\"id\":\"m1\",\"body\":\"bm90IGEgY29tcGxldGlvbg==\"}")]
    public async Task HandleAsync_UnreadableMessage_IsDroppedAndRaisesNothing(string text)
    {
        await Function().HandleAsync(text, _client, 1, CancellationToken.None);
        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task CompletionRoutingBus_CompletionQueue_GoesToTheStorageBusAndWorkToThePrimary()
    {
        var primary = new InMemoryMessageBus(TimeProvider.System);
        var storage = new InMemoryMessageBus(TimeProvider.System);
        var bus = new CompletionRoutingMessageBus(primary, storage, "done");
        var seen = new List<string>();
        await using var a = await storage.StartConsumerAsync("done", (m, _) => { lock (seen) { seen.Add("storage:" + m.Message.MessageId); } return Task.CompletedTask; });
        await using var b = await primary.StartConsumerAsync("work-westeurope", (m, _) => { lock (seen) { seen.Add("primary:" + m.Message.MessageId); } return Task.CompletedTask; });
        await using var c = await primary.StartConsumerAsync("done", (m, _) => { lock (seen) { seen.Add("wrong:" + m.Message.MessageId); } return Task.CompletedTask; });

        await bus.SendAsync("done", new BusMessage("c1", Encoding.UTF8.GetBytes("{}")));
        await bus.SendAsync("work-westeurope", new BusMessage("w1", Encoding.UTF8.GetBytes("{}")));
        for (var i = 0; i < 100 && seen.Count < 2; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["primary:w1", "storage:c1"], seen.Order());
    }
}
