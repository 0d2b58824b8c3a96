using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Azure.Functions.Worker.Builder;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Plans;
using Serverless.Functions.Engine;
using Serverless.Functions.Execution;
using Serverless.Functions.Http;
using Serverless.Hosting;
using Serverless.Hosting.Engine;
using Serverless.Hosting.Interception;
using Serverless.Local.Engine;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;

namespace Serverless.Functions.Tests.Execution;

/// <summary>
/// Interception in a Functions app: the handler <c>AddServerlessFunctions</c> registers runs a call on the Durable
/// client of the invocation (<see cref="DurableClientScope"/>), not on an embedded engine of its own. The Functions host
/// cannot run here; the in-process Durable Task engine, with <c>ExecutePlanOrchestrator</c>, its activities and the
/// regional workers, stands in for the app's task hub and its client for the invocation's <c>[DurableClient]</c>.
/// </summary>
public sealed class DurableSplitEngineTests : IAsyncLifetime
{
    private readonly InMemoryStateStore _store = new();
    private readonly InMemoryMessageBus _bus = new(TimeProvider.System);
    private readonly List<SplitCallRecord> _calls = [];
    private EmbeddedEngine _taskHub = null!;
    private ServiceProvider _app = null!;

    public async Task InitializeAsync()
    {
        var catalogue = SampleFunctionApp.Catalogue();
        _taskHub = await EmbeddedEngine.StartAsync(
            new GeneratedSegmentRunner(catalogue),
            new EmbeddedEngineOptions { Regions = [.. PlanEnvironment.Default.Regions.Select(r => r.Name)] },
            _store,
            _bus,
            new PlanRegionMarket());

        // The app's registrations as AddServerlessFunctions makes them, over the stand-in's state and bus.
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<ServerlessOptions>();
        services.AddSingleton<IStateStore>(_store);
        services.AddSingleton<IMessageBus>(_bus);
        services.AddSingleton(catalogue);
        services.AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Serverless:StorageConnection"] = "", ["Serverless:StorageAccountName"] = "" }).Build());
        services.AddDurableSplitCalls();
        _app = services.BuildServiceProvider();
        _app.GetRequiredService<EngineSplitCallHandler>().CallCompleted += (_, call) => { lock (_calls) { _calls.Add(call); } };
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _taskHub.DisposeAsync();
    }

    private EngineSplitCallHandler Handler => _app.GetRequiredService<EngineSplitCallHandler>();

    private static SplitFunction Amortize => SampleFunctionApp.Catalogue().Get("Serverless.Samples.LoanSchedule.Amortize").Function;

    /// <summary>What the interceptor does with a call, inside an invocation bound to <paramref name="client"/>.</summary>
    private Task<object?> CallInInvocationAsync(DurableTaskClient client, SplitFunction function, params object?[] arguments)
        => DurableClientScope.RunAsync(client, () => Handler.InvokeAsync(function, arguments));

    [Fact]
    public void AddDurableSplitCalls_TheEngineIsTheDurableOneAndTheHandlerIsInstalledAtStart()
    {
        Assert.IsType<DurableSplitEngine>(_app.GetRequiredService<ISplitExecutionEngine>());
        Assert.Null(_app.GetService<EmbeddedSplitEngine>());
        Assert.Contains(_app.GetServices<IHostedService>(), s => s is SplitterHostedService);
        Assert.Same(_app.GetRequiredService<SplitFunctionRegistry>(), _app.GetRequiredService<Serverless.Api.Adapters.RegistryManifestCatalog>().Catalogue);
    }

    [Fact]
    public async Task InterceptedCall_InAnInvocation_RunsOnItsDurableClientAndEqualsTheDirectCall()
    {
        var random = new Random(23);
        for (var trial = 0; trial < 3; trial++)
        {
            var (principal, rate, months) = ((decimal)random.Next(1_000, 400_000), random.Next(0, 1500) / 100m, random.Next(1, 90));
            var mark = _calls.Count;

            var split = await CallInInvocationAsync(_taskHub.Client, Amortize, principal, rate, months);

            Assert.Equal(JsonSerializer.Serialize(LoanSchedule.Amortize(principal, rate, months), SplitJson.Options), JsonSerializer.Serialize(split, SplitJson.Options));
            var call = Assert.Single(_calls.Skip(mark));
            Assert.True(call.RanOnEngine);
            var instance = await _taskHub.Client.GetInstanceAsync(call.Outcome!.InstanceId);
            Assert.NotNull(instance);
            Assert.Equal(("ExecutePlanOrchestrator", OrchestrationRuntimeStatus.Completed), (instance.Name, instance.RuntimeStatus));
            Assert.Equal(QueueNames.Completions, call.Plan!.Options.CompletionQueue);
        }
    }

    [Fact]
    public async Task InterceptedCall_SegmentThrows_RethrowsTheOriginalTypeAndMessage()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CallInInvocationAsync(_taskHub.Client, Amortize, 1000m, 5m, 0));
        Assert.Contains("The term must be at least one month.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterceptedCall_OutsideAnInvocation_FailsNamingTheDurableClientItNeeds()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Handler.InvokeAsync(Amortize, [1000m, 5m, 12]));
        Assert.Contains("Serverless.Samples.LoanSchedule.Amortize", error.Message, StringComparison.Ordinal);
        Assert.Contains("[DurableClient]", error.Message, StringComparison.Ordinal);
        Assert.Contains("DurableClientScope.RunAsync", error.Message, StringComparison.Ordinal);
    }
}
