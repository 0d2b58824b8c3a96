using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Functions.Execution;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Orchestrators;
using Serverless.Planning.Model;
using PlanCost = Serverless.Contracts.Plans.PlanCost;
using ApiPlan = Serverless.Api.Planning.PlanPreview;
using ApiUnit = Serverless.Api.Planning.PreviewUnit;
using EnginePlan = Serverless.Contracts.Plans.ExecutionPlan;

namespace Serverless.Functions.Tests.Execution;

/// <summary>The Durable Functions execution service against a fake <see cref="DurableTaskClient"/>.</summary>
public sealed class DurableExecutionServiceTests
{
    private static readonly RegistryManifestCatalog Catalog = RegistryManifestCatalog.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly);
    private static readonly PlanEnvironment Environment = PlanEnvironment.Default;

    private readonly FakeDurableTaskClient _client = new();
    private readonly InMemoryStateStore _store = new();

    private DurableExecutionService Service() => new(Catalog, Environment, _store, () => _client, "done-queue");

    private static List<SplitGraph> Splittable() => [.. Catalog.Functions.Where(g => g.Segments.Count >= 2)];

    /// <summary>Cuts the segments into contiguous chunks (source order is topological) and places each in a random region.</summary>
    private static ApiPlan RandomPlan(SplitGraph graph, Random random)
    {
        var units = new List<ApiUnit>();
        var current = new List<int>();
        for (var s = 0; s < graph.Segments.Count; s++)
        {
            current.Add(s);
            if (s == graph.Segments.Count - 1 || random.Next(2) == 0)
            {
                units.Add(new ApiUnit(units.Count, [.. current], Environment.Regions[random.Next(Environment.Regions.Count)].Name));
                current.Clear();
            }
        }

        return new ApiPlan("random", units, new PlanCost(random.NextDouble(), random.NextDouble(), 2), random.Next(1, 1000), random.NextDouble());
    }

    private static JsonElement Arguments(SplitGraph graph)
        => JsonSerializer.SerializeToElement(graph.Parameters.ToDictionary(p => p.Name, _ => 1));

    private async Task<(string Id, EnginePlan Plan, ApiPlan ApiPlan)> SubmitAsync(SplitGraph graph, Random random, int memoryMb = 512)
    {
        var plan = RandomPlan(graph, random);
        var annotations = new EffectiveAnnotations(true, null, new ResourceConstraintInfo(memoryMb, 30));
        var id = await Service().SubmitAsync(new ExecutionSubmission(graph.Function, Arguments(graph), plan, annotations));
        var scheduled = Assert.Single(_client.Scheduled, s => s.InstanceId == id);
        return (id, Assert.IsType<EnginePlan>(scheduled.Input), plan);
    }

    private void SetInstance(string id, EnginePlan plan, OrchestrationRuntimeStatus status, ExecutionResult? output = null, TaskFailureDetails? failure = null)
        => _client.Instances[id] = new OrchestrationMetadata(nameof(ExecutePlanOrchestrator), id)
        {
            RuntimeStatus = status,
            SerializedInput = JsonDataConverter.Default.Serialize(plan),
            SerializedOutput = output is null ? null : JsonDataConverter.Default.Serialize(output),
            FailureDetails = failure,
            DataConverter = JsonDataConverter.Default,
        };

    [Fact]
    public async Task SubmitAsync_RandomPlans_SchedulesExecutePlanWithTheApiUnitsUnderTheReturnedId()
    {
        var random = new Random(6);
        var functions = Splittable();
        Assert.NotEmpty(functions);
        for (var i = 0; i < 40; i++)
        {
            var graph = functions[random.Next(functions.Count)];
            var (id, engine, plan) = await SubmitAsync(graph, random, memoryMb: 128 * random.Next(1, 9));

            Assert.Equal(nameof(ExecutePlanOrchestrator), _client.Scheduled[^1].Name.Name);
            Assert.Equal(id, engine.ExecutionId);
            Assert.Equal(graph.Function, engine.FunctionId);
            Assert.Equal("done-queue", engine.Options.CompletionQueue);

            // The auction scores bids with the app's environment: every unit knows its inputs' sizes (defaults here).
            Assert.Equal(Environment.Origin, engine.Environment!.Origin);
            Assert.All(engine.Units, u => Assert.Equal(u.Inputs.Select(x => x.Variable).Distinct().Order(), u.InputBytes.Keys.Order()));
            Assert.Equal(plan.Units.Select(u => (u.Id, string.Join(',', u.Segments), u.Region)), engine.Units.Select(u => (u.Id, string.Join(',', u.Segments), u.Region)));
            Assert.All(engine.Units, u => Assert.All(u.DependsOn, d => Assert.True(d < u.Id, $"unit {u.Id} depends on later unit {d}")));
            Assert.Equal(graph.Parameters.Select(p => p.Name).Order(), engine.Arguments!.Keys.Order());

            // Every data edge that crosses units is an input of the consumer from the producer's unit.
            var unitOf = plan.Units.SelectMany(u => u.Segments.Select(s => (s, u.Id))).ToDictionary(x => x.s, x => x.Id);
            foreach (var edge in graph.Edges.Where(e => e.Kind == EdgeKinds.Data && unitOf[e.From] != unitOf[e.To]))
            {
                var consumer = engine.Units[unitOf[edge.To]];
                Assert.All(edge.Variables, v => Assert.Contains(new UnitInput(v, unitOf[edge.From]) { ProducerSegment = edge.From }, consumer.Inputs));
            }
        }

        Assert.Equal(40, _client.Scheduled.Select(s => s.InstanceId).Distinct().Count());
    }

    [Fact]
    public async Task GetAsync_CompletedInstance_ReportsPlanTimelineResultAndMeasuredCost()
    {
        var random = new Random(8);
        foreach (var graph in Splittable())
        {
            var memory = 128 * random.Next(1, 9);
            var (id, engine, plan) = await SubmitAsync(graph, random, memory);
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var runs = engine.Units.Select(u => new UnitRun
            {
                Id = u.Id,
                Segments = u.Segments,
                Region = u.Region,
                Instance = $"{u.Region}-{random.Next(3)}",
                Attempts = random.Next(1, 4),
                StartedAt = start.AddMilliseconds(u.Id * 10),
                EndedAt = start.AddMilliseconds((u.Id * 10) + 5),
                DurationMs = random.Next(1, 5000),
            }).ToList();
            var result = JsonSerializer.SerializeToElement(new { answer = random.Next() });
            SetInstance(id, engine, OrchestrationRuntimeStatus.Completed, new ExecutionResult { ExecutionId = id, Units = runs, Result = result, ReturnedBy = runs[^1].Id });

            var state = await Service().GetAsync(id);

            Assert.NotNull(state);
            Assert.Equal(ExecutionStatuses.Completed, state.Status);
            Assert.Equal(graph.Function, state.Function);
            Assert.Equal(plan.Algorithm, state.Plan!.Algorithm);
            Assert.Equal(plan.Cost, state.Plan.Cost);
            Assert.Equal(runs.Select(r => (r.Id, r.Region, r.Instance, r.Attempts, (DateTimeOffset?)r.StartedAt, (DateTimeOffset?)r.EndedAt)),
                state.Units.Select(u => (u.Unit, u.Region, u.Instance, u.Attempts, u.Start, u.End)));
            Assert.Equal(result.GetRawText(), state.Result!.Value.GetRawText());
            Assert.Null(state.Error);

            var regions = Environment.Regions.ToDictionary(r => r.Name);
            var compute = runs.Sum(r => (regions[r.Region].PricePerGbSecond * memory / 1024.0 * r.DurationMs / 1000.0) + regions[r.Region].PricePerInvocation);
            Assert.Equal(compute, state.Cost!.Compute, 12);
            Assert.True(state.Cost.Transfer >= 0);
            Assert.Equal(state.Cost.Compute + state.Cost.Transfer, state.Cost.Total, 12);
        }
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, ExecutionStatuses.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatuses.Running)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, ExecutionStatuses.Running)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatuses.Canceled)]
    public async Task GetAsync_UnfinishedOrCanceledInstance_MapsStatusAndPlannedTimeline(OrchestrationRuntimeStatus runtime, string expected)
    {
        var graph = Splittable()[0];
        var (id, engine, plan) = await SubmitAsync(graph, new Random(1));
        SetInstance(id, engine, runtime);

        var state = await Service().GetAsync(id);

        Assert.Equal(expected, state!.Status);
        Assert.Equal(plan.Units.Select(u => (u.Id, u.Region)), state.Units.Select(u => (u.Unit, u.Region)));
        Assert.All(state.Units, u => Assert.Null(u.Instance));
        Assert.Null(state.Result);
        Assert.Null(state.Cost);
        Assert.Null(state.Error);
    }

    [Fact]
    public async Task GetAsync_FailedInstance_ReportsTheSegmentsOriginalError()
    {
        var graph = Splittable()[0];
        var (id, engine, _) = await SubmitAsync(graph, new Random(2));
        var inner = new TaskFailureDetails("System.InvalidOperationException", "segment 1 broke", null, null, null);
        SetInstance(id, engine, OrchestrationRuntimeStatus.Failed, failure: new TaskFailureDetails("TaskFailedException", "unit 0 failed", null, inner, null));

        var state = await Service().GetAsync(id);

        Assert.Equal(ExecutionStatuses.Failed, state!.Status);
        Assert.Equal("System.InvalidOperationException", state.Error!.Type);
        Assert.Equal("segment 1 broke", state.Error.Message);
    }

    [Fact]
    public async Task GetAsync_AfterCleanup_FallsBackToTheEnginePlansUnits()
    {
        var graph = Splittable()[0];
        var (id, engine, plan) = await SubmitAsync(graph, new Random(3));
        await _store.DeleteExecutionAsync(id);
        SetInstance(id, engine, OrchestrationRuntimeStatus.Running);

        var state = await Service().GetAsync(id);

        Assert.Equal(plan.Units.Select(u => (u.Id, string.Join(',', u.Segments), u.Region)), state!.Plan!.Units.Select(u => (u.Id, string.Join(',', u.Segments), u.Region)));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull() => Assert.Null(await Service().GetAsync("x-missing"));

    [Fact]
    public async Task TerminateAsync_RunningInstance_TerminatesReportsCanceledAndDeletesItsState()
    {
        var (id, engine, _) = await SubmitAsync(Splittable()[0], new Random(4));
        SetInstance(id, engine, OrchestrationRuntimeStatus.Running);
        await _store.PutAsync(new Serverless.Orchestrations.Ports.StateKey(id, "v", "0"), new byte[] { 1 });
        Assert.NotEmpty(await _store.ListAsync(id));

        var state = await Service().TerminateAsync(id, "enough");

        Assert.Equal([id], _client.Terminated);
        Assert.Equal(ExecutionStatuses.Canceled, state!.Status);
        Assert.Equal(RuntimeStatuses.Terminated, state.RuntimeStatus);
        Assert.Empty(await _store.ListAsync(id));
    }

    [Fact]
    public async Task TerminateAsync_FinishedOrUnknownInstance_TerminatesNothing()
    {
        var (id, engine, _) = await SubmitAsync(Splittable()[0], new Random(5));
        SetInstance(id, engine, OrchestrationRuntimeStatus.Completed, new ExecutionResult { ExecutionId = id, Units = [] });

        Assert.Equal(ExecutionStatuses.Completed, (await Service().TerminateAsync(id, null))!.Status);
        Assert.Null(await Service().TerminateAsync("x-missing", null));
        Assert.Empty(_client.Terminated);
    }

    [Fact]
    public async Task SubmitAsync_UnknownFunction_FailsAndSchedulesNothing()
    {
        var plan = new ApiPlan("x", [new ApiUnit(0, [0], Environment.Regions[0].Name)], new PlanCost(0, 0, 0), 0, 0);
        await Assert.ThrowsAsync<PlanningFailedException>(() => Service().SubmitAsync(new ExecutionSubmission("No.Such.Function", JsonSerializer.SerializeToElement(new { }), plan)));
        Assert.Empty(_client.Scheduled);
    }

    [Fact]
    public async Task PublicService_OutsideABoundInvocation_ThrowsAnErrorNamingTheBinding()
    {
        var service = new DurableExecutionService(Catalog, Environment, _store, Microsoft.Extensions.Options.Options.Create(new Serverless.Functions.Engine.ServerlessOptions()));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.GetAsync("x1"));
        Assert.Contains("[DurableClient]", error.Message, StringComparison.Ordinal);

        var (id, engine, _) = await SubmitAsync(Splittable()[0], new Random(7));
        SetInstance(id, engine, OrchestrationRuntimeStatus.Running);
        var state = await DurableClientScope.RunAsync(_client, () => service.GetAsync(id));
        Assert.Equal(ExecutionStatuses.Running, state!.Status);
        Assert.Null(DurableClientScope.Current);
    }
}
