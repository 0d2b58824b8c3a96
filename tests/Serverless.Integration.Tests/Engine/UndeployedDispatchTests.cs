using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Local.Provisioning;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// Dispatch only where deployed (<c>Serverless__Dispatch__Undeployed</c>), on the in-memory engine: with a
/// <see cref="DeploymentCheck"/> the dispatch activity sends a unit only to a region where its virtual function is in
/// the registry at the running package version; otherwise the attempt fails naming function, unit, region and version
/// (fail), or the function is deployed through the provisioner and recorded first (deploy).
/// </summary>
[Collection(InMemoryEngineCollection.Name)]
public sealed class UndeployedDispatchTests(InMemoryEngineFixture fixture)
{
    private const string Version = "2.0.0";
    private static readonly DateTimeOffset DeployedAt = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    // A hang guard, not a time assertion.
    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private Task<EmbeddedEngine> StartAsync(DeploymentCheck check)
        => EmbeddedEngine.StartAsync(
            fixture.Runner,
            EngineFixture.EngineOptions(EngineFixture.Regions) with { ConfigureServices = s => s.AddSingleton(check) },
            new InMemoryStateStore(),
            fixture.CreateBus(isolated: true),
            loggerFactory: EngineFixture.LoggerFactory);

    /// <summary>Two units, unit 1 reading unit 0's value; unit 0 planned in westeurope, unit 1 in northeurope.</summary>
    private (TestDag Dag, ExecutionPlan Plan) TwoUnits(int maxAttempts = 1, IReadOnlyList<string>? fallbackOfUnit0 = null)
    {
        var dag = new TestDag { FunctionId = NewId("Demo.Deployed"), Predecessors = [[], [0]] };
        fixture.Runner.Register(dag.FunctionId, dag.RunAsync);
        var plan = dag.Plan(NewId("exec"), 3, ["westeurope", "northeurope"], new ExecutionOptions { MaxAttempts = maxAttempts, FirstRetryDelayMs = 50 });
        plan = plan with
        {
            Units = [.. plan.Units.Select(u => u with { FallbackRegions = u.Id == 0 ? fallbackOfUnit0 ?? [] : [] })],
        };
        return (dag, plan);
    }

    private static VirtualFunction Deployed(string functionId, int unit, string region, string version = Version)
        => new(VirtualFunction.IdentifierFor(functionId, unit, region), functionId, unit, [unit], region, 512, 30, version);

    [Fact]
    public async Task FailMode_UnitWithoutItsVirtualFunctionInItsRegion_FailsNamingFunctionUnitRegionAndVersion_AndNeverRuns()
    {
        var registry = new InMemoryFunctionRegistry();
        await using var engine = await StartAsync(new DeploymentCheck(UndeployedUnits.Fail, Version, registry, TimeProvider.System));
        var (dag, plan) = TwoUnits();
        await registry.RecordAsync([Deployed(dag.FunctionId, 0, "westeurope"), Deployed(dag.FunctionId, 1, "westeurope")], DeployedAt);

        var outcome = await engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.Equal(DeploymentCheck.UndeployedFunctionType, outcome.Error!.Type);
        var message = outcome.Error.Message;
        Assert.Contains($"{dag.FunctionId}/u1@northeurope", message, StringComparison.Ordinal);
        Assert.Contains($"unit 1 of {dag.FunctionId}", message, StringComparison.Ordinal);
        Assert.Contains("in region northeurope", message, StringComparison.Ordinal);
        Assert.Contains($"package version {Version}", message, StringComparison.Ordinal);
        Assert.Contains("no entry", message, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Runner.Runs(dag.FunctionId, 0));
        Assert.Equal(0, fixture.Runner.Runs(dag.FunctionId, 1));
    }

    [Fact]
    public async Task FailMode_RegistryHoldsAnotherPackageVersion_FailsNamingBothVersions()
    {
        var registry = new InMemoryFunctionRegistry();
        await using var engine = await StartAsync(new DeploymentCheck(UndeployedUnits.Fail, Version, registry, TimeProvider.System));
        var (dag, plan) = TwoUnits();
        await registry.RecordAsync([Deployed(dag.FunctionId, 0, "westeurope", "1.9.0"), Deployed(dag.FunctionId, 1, "northeurope")], DeployedAt);

        var outcome = await engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.Contains($"{dag.FunctionId}/u0@westeurope", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Contains($"at package version {Version}: the function registry has it at package version 1.9.0", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Runner.TotalRuns(dag.FunctionId));
    }

    [Fact]
    public async Task FailMode_DeployedOnlyInTheFallbackRegion_RetriesThereAndCompletes()
    {
        var registry = new InMemoryFunctionRegistry();
        await using var engine = await StartAsync(new DeploymentCheck(UndeployedUnits.Fail, Version, registry, TimeProvider.System));
        var (dag, plan) = TwoUnits(maxAttempts: 2, fallbackOfUnit0: ["eastus"]);
        await registry.RecordAsync([Deployed(dag.FunctionId, 0, "eastus"), Deployed(dag.FunctionId, 1, "northeurope")], DeployedAt);

        var outcome = await engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(3).Result, outcome.Result!.Result!.Value.GetInt64());
        var unit0 = Assert.Single(outcome.Result.Units, u => u.Id == 0);
        Assert.Equal("eastus", unit0.Region);
        Assert.Equal(2, unit0.Attempts);
        Assert.Equal(1, fixture.Runner.Runs(dag.FunctionId, 0));
    }

    [Fact]
    public async Task DeployMode_NothingDeployed_DeploysEachUnitInItsRegionRecordsItThenRuns()
    {
        var registry = new InMemoryFunctionRegistry();
        var pools = new RecordingPools();
        var provisioner = new LocalProvisioner(pools);
        await using var engine = await StartAsync(new DeploymentCheck(UndeployedUnits.Deploy, Version, registry, TimeProvider.System, provisioner));
        var (dag, plan) = TwoUnits();

        var outcome = await engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(3).Result, outcome.Result!.Result!.Value.GetInt64());
        var listed = await registry.ListAsync(dag.FunctionId);
        Assert.Equal(
            [$"{dag.FunctionId}/u1@northeurope", $"{dag.FunctionId}/u0@westeurope"],
            listed.Select(e => e.VirtualFunction.Id));
        Assert.All(listed, e => Assert.Equal(Version, e.VirtualFunction.PackageVersion));
        Assert.All(listed, e => Assert.Equal([e.VirtualFunction.UnitId], e.VirtualFunction.Segments));
        Assert.All(listed, e => Assert.Equal(30, e.VirtualFunction.TimeoutSeconds));
        Assert.Equal(listed.Select(e => e.VirtualFunction).OrderBy(f => f.Id, StringComparer.Ordinal), await provisioner.ListAsync(dag.FunctionId));
        Assert.Equal(["northeurope", "westeurope"], pools.Regions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeployMode_AlreadyDeployedAtTheRunningVersion_DeploysNothing()
    {
        var registry = new InMemoryFunctionRegistry();
        var pools = new RecordingPools();
        await using var engine = await StartAsync(new DeploymentCheck(UndeployedUnits.Deploy, Version, registry, TimeProvider.System, new LocalProvisioner(pools)));
        var (dag, plan) = TwoUnits();
        await registry.RecordAsync([Deployed(dag.FunctionId, 0, "westeurope"), Deployed(dag.FunctionId, 1, "northeurope")], DeployedAt);

        var outcome = await engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Empty(pools.Regions);
        Assert.All(await registry.ListAsync(dag.FunctionId), e => Assert.Equal(DeployedAt, e.DeployedAt));
    }

    [Fact]
    public void Constructor_DeployModeWithoutProvisioner_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new DeploymentCheck(UndeployedUnits.Deploy, Version, new InMemoryFunctionRegistry(), TimeProvider.System));
        Assert.Contains("Serverless__Dispatch__Undeployed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, UndeployedUnits.Dispatch)]
    [InlineData("", UndeployedUnits.Dispatch)]
    [InlineData(" Fail ", UndeployedUnits.Fail)]
    [InlineData("DEPLOY", UndeployedUnits.Deploy)]
    [InlineData("dispatch", UndeployedUnits.Dispatch)]
    public void Parse_KnownValues_AreTheirMode(string? value, UndeployedUnits expected)
    {
        Assert.Equal(expected, DeploymentCheck.Parse(value, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null, true, UndeployedUnits.Deploy)]
    [InlineData(" ", true, UndeployedUnits.Deploy)]
    [InlineData(null, false, UndeployedUnits.Fail)]
    [InlineData("", false, UndeployedUnits.Fail)]
    [InlineData("dispatch", true, UndeployedUnits.Dispatch)]
    [InlineData("deploy", false, UndeployedUnits.Deploy)]
    public void Resolve_Unset_EnforcesDeploymentWithOrWithoutAProvisioner(string? value, bool hasProvisioner, UndeployedUnits expected)
    {
        // Unset never means "send without looking": only an explicit dispatch does.
        Assert.Equal(expected, DeploymentCheck.Resolve(value, hasProvisioner, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Resolve_UnknownValue_IsNullWithTheProblem()
    {
        Assert.Null(DeploymentCheck.Resolve("skip", hasProvisioner: true, out var problem));
        Assert.Contains("Serverless__Dispatch__Undeployed is 'skip'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownValue_IsNullWithAProblemNamingTheSettingAndTheValue()
    {
        Assert.Null(DeploymentCheck.Parse("skip", out var problem));
        Assert.Contains("Serverless__Dispatch__Undeployed is 'skip'", problem, StringComparison.Ordinal);
    }

    private sealed class RecordingPools : IWorkerPoolHost
    {
        private readonly ConcurrentQueue<string> _regions = new();

        public IReadOnlyList<string> Regions => [.. _regions];

        // The engine already runs a worker for every region.
        public Task<bool> EnsureWorkerPoolAsync(string region, CancellationToken cancellationToken = default)
        {
            _regions.Enqueue(region);
            return Task.FromResult(false);
        }
    }
}
