using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;

namespace Serverless.Orchestrations.Tests.Engine;

public sealed class RegionalWorkerTests
{
    private sealed class DelegateRunner(Func<UnitRunRequest, CancellationToken, Task<UnitRunResult>> run) : ISegmentRunner
    {
        public int Calls;

        public Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return run(request, cancellationToken);
        }
    }

    private static (RegionalWorker Worker, InMemoryStateStore Store, InMemoryMessageBus Bus) Create(ISegmentRunner runner)
    {
        var store = new InMemoryStateStore();
        var bus = new InMemoryMessageBus(TimeProvider.System);
        var worker = new RegionalWorker(new RegionalWorkerOptions { Region = "westeurope" }, bus, store, runner, TimeProvider.System, NullLogger<RegionalWorker>.Instance);
        return (worker, store, bus);
    }

    private static WorkItem Item(string execution, int timeoutSeconds = 30) => new()
    {
        ExecutionId = execution,
        InstanceId = execution,
        FunctionId = "f",
        UnitId = 1,
        Attempt = 1,
        Segments = [2, 3],
        Inputs = [new UnitInput("x", null), new UnitInput("y", 0)],
        Outputs = ["sum"],
        Region = "westeurope",
        TimeoutSeconds = timeoutSeconds,
    };

    private static async Task<List<UnitCompleted>> CompletionsAsync(InMemoryMessageBus bus, int expected)
    {
        var received = new List<UnitCompleted>();
        var done = new TaskCompletionSource();
        await using var consumer = await bus.StartConsumerAsync(QueueNames.Completions, (m, ct) =>
        {
            lock (received)
            {
                received.Add(EngineMessages.ReadCompletion(m.Message, out _)!);
                if (received.Count >= expected)
                {
                    done.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return received;
    }

    [Fact]
    public async Task HandleAsync_Inputs_RunsSegmentsWritesOutputsAndReports()
    {
        var random = new Random(1);
        for (var trial = 0; trial < 20; trial++)
        {
            var (x, y) = (random.Next(-1000, 1000), random.Next(-1000, 1000));
            var runner = new DelegateRunner((req, _) =>
            {
                var sum = JsonSerializer.Deserialize<int>(req.Inputs["x"].Span) + JsonSerializer.Deserialize<int>(req.Inputs["y"].Span);
                return Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>> { ["sum"] = JsonSerializer.SerializeToUtf8Bytes(sum) }, false, null));
            });
            var (worker, store, bus) = Create(runner);
            var item = Item($"e{trial}");
            await store.PutAsync(StateKeys.Argument(item.ExecutionId, "x"), JsonSerializer.SerializeToUtf8Bytes(x));
            await store.PutAsync(StateKeys.Output(item.ExecutionId, "y", 0), JsonSerializer.SerializeToUtf8Bytes(y));

            await worker.HandleAsync(new ReceivedMessage(EngineMessages.ToMessage(item), QueueNames.Work("westeurope"), 1), CancellationToken.None);

            var sum = await store.GetAsync(StateKeys.Output(item.ExecutionId, "sum", 1));
            Assert.Equal(x + y, JsonSerializer.Deserialize<int>(sum.Span));
            var completed = Assert.Single(await CompletionsAsync(bus, 1));
            Assert.True(completed.Succeeded);
            Assert.Equal(("westeurope", 1, 1), (completed.Region, completed.UnitId, completed.Attempt));
            Assert.Equal(sum.Length, completed.OutputBytes["sum"]);
        }
    }

    [Fact]
    public async Task HandleAsync_AttemptAlreadyCompleted_DoesNotRunAgainButResendsCompletion()
    {
        var runner = new DelegateRunner((req, _) => Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>> { ["sum"] = JsonSerializer.SerializeToUtf8Bytes(1) }, false, null)));
        var (worker, store, bus) = Create(runner);
        var item = Item("dup");
        await store.PutAsync(StateKeys.Argument("dup", "x"), JsonSerializer.SerializeToUtf8Bytes(1));
        await store.PutAsync(StateKeys.Output("dup", "y", 0), JsonSerializer.SerializeToUtf8Bytes(2));
        var message = new ReceivedMessage(EngineMessages.ToMessage(item), QueueNames.Work("westeurope"), 1);

        await worker.HandleAsync(message, CancellationToken.None);
        await worker.HandleAsync(message, CancellationToken.None);

        Assert.Equal(1, runner.Calls);
        var completions = await CompletionsAsync(bus, 2);
        Assert.Equal(2, completions.Count);
        Assert.Equal(completions[0].EndedAt, completions[1].EndedAt);
    }

    [Fact]
    public async Task HandleAsync_SegmentThrows_ReportsOriginalTypeAndMessage()
    {
        var runner = new DelegateRunner((_, _) => throw new ArgumentOutOfRangeException("width", "width must be positive"));
        var (worker, store, bus) = Create(runner);
        var item = Item("err");
        await store.PutAsync(StateKeys.Argument("err", "x"), JsonSerializer.SerializeToUtf8Bytes(1));
        await store.PutAsync(StateKeys.Output("err", "y", 0), JsonSerializer.SerializeToUtf8Bytes(2));

        await worker.HandleAsync(new ReceivedMessage(EngineMessages.ToMessage(item), QueueNames.Work("westeurope"), 1), CancellationToken.None);

        var completed = Assert.Single(await CompletionsAsync(bus, 1));
        Assert.False(completed.Succeeded);
        Assert.Equal("System.ArgumentOutOfRangeException", completed.Error!.Type);
        Assert.StartsWith("width must be positive", completed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UnitExceedsTimeout_IsCancelledAndReportedAsTimeout()
    {
        var cancelled = false;
        var runner = new DelegateRunner(async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return null!;
        });
        var (worker, store, bus) = Create(runner);
        var item = Item("slow", timeoutSeconds: 1);
        await store.PutAsync(StateKeys.Argument("slow", "x"), JsonSerializer.SerializeToUtf8Bytes(1));
        await store.PutAsync(StateKeys.Output("slow", "y", 0), JsonSerializer.SerializeToUtf8Bytes(2));

        await worker.HandleAsync(new ReceivedMessage(EngineMessages.ToMessage(item), QueueNames.Work("westeurope"), 1), CancellationToken.None);

        var completed = Assert.Single(await CompletionsAsync(bus, 1));
        Assert.Equal(UnitError.TimeoutType, completed.Error!.Type);
        Assert.Contains("timeout of 1 s", completed.Error.Message, StringComparison.Ordinal);
        Assert.True(cancelled, "the segment was not asked to stop");
    }

    [Fact]
    public async Task HandleAsync_UnreadableMessage_IsDroppedWithoutRunning()
    {
        var runner = new DelegateRunner((_, _) => throw new InvalidOperationException("must not run"));
        var (worker, _, _) = Create(runner);

        await worker.HandleAsync(new ReceivedMessage(new BusMessage("m", "not json"u8.ToArray()), QueueNames.Work("westeurope"), 1), CancellationToken.None);

        Assert.Equal(0, runner.Calls);
    }
}
