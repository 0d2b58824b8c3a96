using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using Serverless.Contracts.Plans;

namespace Serverless.Contracts.Tests.Plans;

public class PlanContractTests
{
    // The options of the engine's source-generated context (EngineJsonContext): Web defaults, nulls left out.
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly Gen<string> Name = Gen.String[Gen.Char['a', 'z'], 1, 8];

    private static readonly Gen<PlanUnit> Units =
        from id in Gen.Int[0, 50]
        from segments in Gen.Int[0, 30].List[1, 4]
        from region in Name
        from deps in Gen.Int[0, 50].List[0, 3]
        from control in Gen.Int[0, 50].List[0, 2]
        from inputs in Gen.Select(Name, Gen.Int[0, 50].Nullable(), (v, p) => new UnitInput(v, p)).List[0, 3]
        from outputs in Name.List[0, 3]
        from timeout in Gen.Int[1, 600]
        from memory in Gen.Int[128, 8192]
        from fallbacks in Name.List[0, 2]
        from work in Gen.Double[0, 1e5]
        from bytes in Gen.Dictionary(Name, Gen.Long[0, 1L << 40])[0, 3]
        select new PlanUnit
        {
            Id = id,
            Segments = segments,
            Region = region,
            DependsOn = deps,
            ControlDependsOn = control,
            Inputs = inputs,
            Outputs = outputs,
            TimeoutSeconds = timeout,
            MemoryMb = memory,
            FallbackRegions = fallbacks,
            EstimatedWorkMs = work,
            InputBytes = bytes,
        };

    private static readonly Gen<PlanEnvironment> Environments =
        from origin in Name
        from regions in Gen.Select(Name, Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0.1, 4], Gen.Int[128, 8192], Gen.Int[0, 100], Gen.Double[0, 200],
            (n, g, i, s, m, a, d) => new RegionSpec(n, g, i, s, m, a, d)).List[1, 3]
        from latency in Gen.Dictionary(Name, Gen.Dictionary(Name, Gen.Double[0, 300])[0, 2])[0, 2]
        from bandwidth in Gen.Double[1, 10_000]
        select new PlanEnvironment(origin, regions, new NetworkSpec(
            latency.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value),
            latency.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value.ToDictionary(q => q.Key, q => q.Value / 1000)),
            bandwidth));

    private static readonly Gen<ExecutionPlan> Plans =
        from id in Name
        from function in Name
        from units in Units.List[0, 4]
        from withArguments in Gen.Bool
        from argument in Gen.Int[-1000, 1000]
        from attempts in Gen.Int[1, 9]
        from retention in Gen.Int[0, 3600]
        from timers in Gen.Bool.Nullable()
        from environment in Environments.Null()
        from weight in Gen.Double[0, 10]
        from trace in Name.Null()
        select new ExecutionPlan
        {
            ExecutionId = id,
            FunctionId = function,
            Units = units,
            Arguments = withArguments ? new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(argument) } : null,
            Options = new ExecutionOptions { MaxAttempts = attempts, RetentionSeconds = retention, DeadlineTimers = timers, CompletionQueue = QueueNames.Completions },
            Environment = environment,
            LatencyWeight = weight,
            TraceParent = trace,
        };

    [Fact]
    public void ExecutionPlan_RoundTripsEveryMember()
    {
        Plans.Sample(plan =>
        {
            var json = JsonSerializer.Serialize(plan, Wire);
            var back = JsonSerializer.Deserialize<ExecutionPlan>(json, Wire)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, Wire));
            Assert.Equal(plan.Units.Count, back.Units.Count);
            Assert.Equal(plan.Units.SelectMany(u => u.Inputs), back.Units.SelectMany(u => u.Inputs));
            Assert.Equal(plan.Environment?.Regions, back.Environment?.Regions);
            Assert.Equal(plan.Options, back.Options);
        });
    }

    [Fact]
    public void ExecutionPlan_WithoutOptionalMembers_TakesTheDefaults()
    {
        var plan = JsonSerializer.Deserialize<ExecutionPlan>("""{"executionId":"e","functionId":"f","units":[{"id":0,"segments":[0],"region":"westeurope"}]}""", Wire)!;
        var unit = plan.Units[0];
        Assert.Equal((60, 512, 0.0), (unit.TimeoutSeconds, unit.MemoryMb, unit.EstimatedWorkMs));
        Assert.Empty(unit.DependsOn);
        Assert.Empty(unit.ControlDependsOn);
        Assert.Empty(unit.Inputs);
        Assert.Empty(unit.Outputs);
        Assert.Empty(unit.FallbackRegions);
        Assert.Empty(unit.InputBytes);
        Assert.Equal(new ExecutionOptions(), plan.Options);
        Assert.Equal(QueueNames.Completions, plan.Options.CompletionQueue);
        Assert.Null(plan.Arguments);
        Assert.Null(plan.Environment);
        Assert.Null(plan.Checkpoint);
    }

    [Fact]
    public void ExecutionPlan_MissingRequiredMember_IsRejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExecutionPlan>("""{"executionId":"e","units":[]}""", Wire));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExecutionPlan>("""{"executionId":"e","functionId":"f","units":[{"id":0,"segments":[0]}]}""", Wire));
    }

    [Fact]
    public void ExecutionPlan_UnknownMembers_AreIgnored()
    {
        Plans.Sample(plan =>
        {
            var json = JsonSerializer.Serialize(plan, Wire);
            var extended = json.Replace("\"executionId\":", "\"futureField\":9,\"executionId\":", StringComparison.Ordinal)
                .Replace("{\"id\":", "{\"future\":[1],\"id\":", StringComparison.Ordinal);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<ExecutionPlan>(extended, Wire), Wire));
        });
    }

    [Fact]
    public void ExecutionPlan_FieldNames_AreTheWireNames()
    {
        var plan = new ExecutionPlan
        {
            ExecutionId = "e",
            FunctionId = "f",
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = "r", Inputs = [new UnitInput("x", 0)] }],
            Environment = PlanEnvironment.Default,
            TraceParent = "t",
            Checkpoint = new ExecutionCheckpoint { Completed = [new UnitRun { Id = 0, Segments = [0], Region = "r", Attempts = 1 }], Failures = [new UnitFailure(1, 3, 2, new UnitError("T", "m"))] },
        };
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(plan, Wire));
        var root = doc.RootElement;
        Assert.Equal(["version", "executionId", "functionId", "units", "options", "environment", "latencyWeight", "traceParent", "checkpoint"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["id", "segments", "region", "dependsOn", "controlDependsOn", "inputs", "outputs", "timeoutSeconds", "memoryMb", "fallbackRegions", "estimatedWorkMs", "inputBytes"],
            root.GetProperty("units")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["variable", "producerUnit"], root.GetProperty("units")[0].GetProperty("inputs")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["origin", "regions", "network"], root.GetProperty("environment").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["latencyMs", "egressPricePerGb", "bandwidthMbps"], root.GetProperty("environment").GetProperty("network").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["name", "pricePerGbSecond", "pricePerInvocation", "speed", "maxMemoryMb", "availableInstances", "dispatchLatencyMs"],
            root.GetProperty("environment").GetProperty("regions")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["maxAttempts", "firstRetryDelayMs", "backoffFactor", "maxRetryDelayMs", "retentionSeconds", "completionQueue", "maxCompletionsPerGeneration", "recordProfiles"],
            root.GetProperty("options").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["unitId", "attempts", "firstSegment", "error"], root.GetProperty("checkpoint").GetProperty("failures")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void PlanCost_RoundTrips()
    {
        Gen.Select(Gen.Double[0, 10], Gen.Double[0, 10], (c, t) => new PlanCost(c, t, c + t)).Sample(cost =>
        {
            var json = JsonSerializer.Serialize(cost, Wire);
            Assert.Equal(cost, JsonSerializer.Deserialize<PlanCost>(json, Wire));
            Assert.Equal(["compute", "transfer", "total"], JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name));
        });
    }

    [Fact]
    public void QueueNames_WorkQueueIsPerRegion()
    {
        Name.Sample(region =>
        {
            Assert.Equal("work-" + region, QueueNames.Work(region));
            Assert.NotEqual(QueueNames.Completions, QueueNames.Work(region));
        });
    }

    [Fact]
    public void PlanEnvironment_Default_RoundTrips()
    {
        var json = JsonSerializer.Serialize(PlanEnvironment.Default, Wire);
        var back = JsonSerializer.Deserialize<PlanEnvironment>(json, Wire)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, Wire));
        Assert.Equal(PlanEnvironment.Default.Regions, back.Regions);
    }
}
