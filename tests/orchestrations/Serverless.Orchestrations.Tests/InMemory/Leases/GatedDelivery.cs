using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Tests.InMemory.Leases;

/// <summary>
/// One delivery to a handler that waits until the test completes or fails it. The gate runs its continuations inline
/// (no RunContinuationsAsynchronously), so the consumer settles the message before <see cref="Complete"/> or
/// <see cref="Fail"/> returns: a test can sever the connection right after and know the settlement came first.
/// </summary>
internal sealed class GatedDelivery(ReceivedMessage received, InMemoryMessageBus connection)
{
    private readonly TaskCompletionSource _gate = new();

    public ReceivedMessage Received { get; } = received;

    public InMemoryMessageBus Connection { get; } = connection;

    public string MessageId => Received.Message.MessageId;

    public int DeliveryCount => Received.DeliveryCount;

    /// <summary>What the handler returns to the consumer: pending until the test settles the delivery.</summary>
    public Task Handled => _gate.Task;

    public bool IsReleased => _gate.Task.IsCompleted;

    public void Complete() => _gate.SetResult();

    public void Fail() => _gate.SetException(new InvalidOperationException($"The handler of {MessageId} failed on delivery {DeliveryCount} (test)."));

    /// <summary>Lets the handler return if it still waits (clean-up after a test, passing or not).</summary>
    public void Release() => _gate.TrySetResult();
}
