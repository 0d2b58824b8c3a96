using System.Collections.Concurrent;
using System.Threading.Channels;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary>One queue of <see cref="InMemoryMessageBus"/>: ready messages and dead letters.</summary>
internal sealed class InMemoryQueue
{
    private readonly Channel<InMemoryEnvelope> _ready = Channel.CreateUnbounded<InMemoryEnvelope>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    public ChannelReader<InMemoryEnvelope> Reader => _ready.Reader;

    private long _delayed;

    public ConcurrentQueue<DeadLetteredMessage> DeadLetters { get; } = new();

    /// <summary>Delayed sends not yet delivered (shared by every connection to the queue).</summary>
    public long DelayedCount => Interlocked.Read(ref _delayed);

    public void BeginDelay() => Interlocked.Increment(ref _delayed);

    public void EndDelay() => Interlocked.Decrement(ref _delayed);

    public void Enqueue(InMemoryEnvelope envelope)
    {
        // Unbounded and never completed: TryWrite always succeeds.
        _ = _ready.Writer.TryWrite(envelope);
    }
}

/// <summary>A message and how many times it has been delivered.</summary>
internal sealed record InMemoryEnvelope(BusMessage Message, int Deliveries);
