using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Annotations.Runtime;
using Serverless.Azure.Configuration;
using Serverless.Azure.Messaging;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Orchestrations.Worker;
using Serverless.Samples;
using Serverless.TestSupport;

namespace Serverless.Functions.Tests.Engine;

/// <summary>
/// The regional Storage Queues trigger's handler, fed the message text exactly as the engine's dispatcher
/// (<see cref="DispatchUnitsActivity"/> over the Storage Queue bus) leaves it on <c>work-{region}</c> in Azurite.
/// </summary>
[Collection(StorageFixture.Collection)]
public sealed class WorkQueueFunctionsTests(StorageFixture storage)
{
    private static readonly RegisteredFunction Amortize = SplitFunctionRegistry.FromAssemblies(typeof(LoanSchedule).Assembly).All
        .Single(f => f.Id.EndsWith(nameof(LoanSchedule.Amortize), StringComparison.Ordinal));

    private sealed record Region(string Name, string CompletionQueue, StorageQueueMessageBus Bus, InMemoryStateStore Store, WorkQueueFunctions Function);

    private Region NewRegion()
    {
        var name = storage.UniqueName("r");
        var bus = StorageQueueMessageBus.FromConnectionString(storage.ConnectionString);
        var store = new InMemoryStateStore();
        var worker = new RegionalWorker(new RegionalWorkerOptions { Region = name }, bus, store, new GeneratedSegmentRunner(SplitFunctionRegistry.FromAssemblies(typeof(LoanSchedule).Assembly)), TimeProvider.System, NullLogger<RegionalWorker>.Instance);
        var reader = new StorageQueueEnvelopeReader(LargeMessageBlobs.Reader(new AdapterSettings { StorageConnection = storage.ConnectionString }));
        return new Region(name, storage.UniqueName("done"), bus, store, new WorkQueueFunctions(reader, worker));
    }

    private static WorkItem Item(Region region, string execution) => new()
    {
        ExecutionId = execution,
        InstanceId = execution,
        FunctionId = Amortize.Id,
        UnitId = 0,
        Attempt = 1,
        Segments = [.. Enumerable.Range(0, Amortize.Function.SegmentCount)],
        Inputs = [.. Amortize.Function.Parameters.Select(p => new UnitInput(p.Name, null))],
        Region = region.Name,
        CompletionQueue = region.CompletionQueue,
    };

    /// <summary>Dispatches like the orchestrator (arguments stored, then the work item sent) and returns the queue message's text.</summary>
    private async Task<string> DispatchAsync(Region region, WorkItem item, decimal principal, decimal rate, int months)
    {
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["principal"] = JsonSerializer.SerializeToElement(principal),
            ["annualRatePercent"] = JsonSerializer.SerializeToElement(rate),
            ["months"] = JsonSerializer.SerializeToElement(months),
        };
        var dispatcher = new DispatchUnitsActivity(region.Bus, region.Store, NullLogger<DispatchUnitsActivity>.Instance);
        Assert.Equal(1, await dispatcher.RunAsync(new FunctionActivityContext(nameof(DispatchUnitsActivity), item.InstanceId), new DispatchRequest(item.ExecutionId, [item], arguments)));
        return Assert.Single(await ReceiveAsync(QueueNames.Work(region.Name))).MessageText;
    }

    private async Task<List<global::Azure.Storage.Queues.Models.QueueMessage>> ReceiveAsync(string queue)
    {
        var client = new QueueClient(storage.ConnectionString, queue);
        await client.CreateIfNotExistsAsync();
        var messages = (await client.ReceiveMessagesAsync(maxMessages: 32)).Value.ToList();
        foreach (var message in messages)
        {
            await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return messages;
    }

    private async Task<List<UnitCompleted>> CompletionsAsync(Region region)
    {
        var reader = new StorageQueueEnvelopeReader((_, _) => throw new InvalidOperationException("no blob expected"));
        var result = new List<UnitCompleted>();
        foreach (var message in await ReceiveAsync(region.CompletionQueue))
        {
            var (decoded, error) = await reader.ReadAsync(message.MessageText);
            Assert.True(decoded is not null, error);
            result.Add(EngineMessages.ReadCompletion(decoded, out var completionError) ?? throw new Xunit.Sdk.XunitException(completionError));
        }

        return result;
    }

    [Fact]
    public async Task HandleAsync_DispatchedWorkItem_RunsTheUnitAndSendsItsCompletion()
    {
        var region = NewRegion();
        var random = new Random(17);
        for (var trial = 0; trial < 3; trial++)
        {
            var (principal, rate, months) = (random.Next(1_000, 500_000), random.Next(0, 1200) / 100m, random.Next(1, 120));
            var item = Item(region, $"exec{trial}");
            var text = await DispatchAsync(region, item, principal, rate, months);

            await region.Function.HandleAsync(text, dequeueCount: 1, CancellationToken.None);

            var returned = await region.Store.GetAsync(StateKeys.Return(item.ExecutionId, item.UnitId));
            var expected = LoanSchedule.Amortize(principal, rate, months);
            Assert.Equal(JsonSerializer.Serialize(expected, SplitJson.Options), JsonSerializer.Serialize(JsonSerializer.Deserialize<LoanSummary>(returned.Span, SplitJson.Options), SplitJson.Options));
            var completed = Assert.Single(await CompletionsAsync(region));
            Assert.True(completed.Succeeded, completed.Error?.Message);
            Assert.Equal((item.ExecutionId, item.InstanceId, item.UnitId, item.Attempt, region.Name), (completed.ExecutionId, completed.InstanceId, completed.UnitId, completed.Attempt, completed.Region));
        }
    }

    [Fact]
    public async Task HandleAsync_SegmentThrows_SendsAFailedCompletionWithTheOriginalError()
    {
        var region = NewRegion();
        var item = Item(region, "fails");
        var text = await DispatchAsync(region, item, 1000m, 5m, months: 0);

        await region.Function.HandleAsync(text, dequeueCount: 1, CancellationToken.None);

        var completed = Assert.Single(await CompletionsAsync(region));
        Assert.False(completed.Succeeded);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, completed.Error!.Type);
        Assert.Contains("The term must be at least one month.", completed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_RedeliveredAfterCompletion_DoesNotRunAgainButResendsTheSameCompletion()
    {
        var region = NewRegion();
        var item = Item(region, "twice");
        var text = await DispatchAsync(region, item, 20_000m, 3m, 12);

        await region.Function.HandleAsync(text, dequeueCount: 1, CancellationToken.None);
        await region.Function.HandleAsync(text, dequeueCount: 2, CancellationToken.None);

        var completions = await CompletionsAsync(region);
        Assert.Equal(2, completions.Count);
        Assert.Equal(completions[0], completions[1] with { OutputBytes = completions[0].OutputBytes });
    }

    [Theory]
    [InlineData("", "not a bus envelope")]
    [InlineData("not json", "not a bus envelope")]
    [InlineData("{\"props\":{}}", "has no 'id'")]
    [InlineData("{\"id\":\"m1\"}", "neither 'body' nor 'blob'")]
    [InlineData("{\"id\":\"m1\",\"body\":\"bm90IGEgd29yayBpdGVt\"}", "not a WorkItem")]
    [InlineData("{\"id\":\"m1\",\"body\":\"bnVsbA==\"}", "JSON null")]
    public async Task HandleAsync_UnreadableMessage_FailsNamingQueueAndReasonSoTheHostKeepsIt(string text, string reason)
    {
        var region = NewRegion();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => region.Function.HandleAsync(text, dequeueCount: 1, CancellationToken.None));

        Assert.Contains($"'work-{region.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"work-{region.Name}-poison", error.Message, StringComparison.Ordinal);
        Assert.Empty(await CompletionsAsync(region));
    }
}
