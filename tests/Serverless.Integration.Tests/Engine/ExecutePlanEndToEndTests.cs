using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// The engine's end-to-end scenarios, run once per backend: <see cref="InMemoryExecutePlanEndToEndTests"/> and
/// <see cref="AzuriteExecutePlanEndToEndTests"/> (Table state store and Storage Queue bus on Azurite).
/// </summary>
public abstract class ExecutePlanEndToEndTests(EngineFixture fixture)
{
    // A hang guard, not a time assertion: generous so a loaded CI machine never trips it.
    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private TestDag Register(TestDag dag)
    {
        fixture.Runner.Register(dag.FunctionId, dag.RunAsync);
        return dag;
    }

    [Fact]
    public async Task RunAsync_RandomDags_ResultEqualsReference()
    {
        var random = new Random(6);
        for (var trial = 0; trial < 8; trial++)
        {
            var units = random.Next(1, 25);
            var dag = Register(TestDag.Random(NewId("rand"), units, seed: random.Next()));
            var x = random.Next(-1000, 1000);
            var outcome = await fixture.Engine.RunAsync(dag.Plan(NewId("exec"), x, EngineFixture.Regions), Deadline());

            Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
            var (expected, returnedBy) = dag.Reference(x);
            Assert.Equal(expected, outcome.Result!.Result!.Value.GetInt64());
            Assert.Equal(returnedBy, outcome.Result.ReturnedBy);
            Assert.Equal(units, outcome.Result.Units.Count);
            Assert.All(outcome.Result.Units, u => Assert.Equal(EngineFixture.Regions[u.Id % 3], u.Region));
        }
    }

    [Fact]
    public async Task RunAsync_DagOf200Units_CompletesAcrossGenerations()
    {
        var dag = Register(TestDag.Random(NewId("big"), 200, seed: 200));
        var plan = dag.Plan(NewId("exec"), 5, EngineFixture.Regions, new ExecutionOptions { MaxCompletionsPerGeneration = 60 });

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(5).Result, outcome.Result!.Result!.Value.GetInt64());
        Assert.Equal(200, outcome.Result.Units.Count);
        Assert.True(outcome.Result.Generations >= 3, $"expected the orchestrator to continue as new at least 3 times, got {outcome.Result.Generations}");
        Assert.All(outcome.Result.Units, u => Assert.Equal(1, u.Attempts));
    }

    [Fact]
    public async Task RunAsync_UnitStartsWhenItsInputsAreReady_NotWhenItsLevelIs()
    {
        // 0 -> 1 (slow), 0 -> 2 -> 3: unit 3 is at the level of a successor of 1 but must not wait for 1.
        var fn = NewId("ready");
        // Unit 1 does not finish before unit 3 started (or a generous guard passed): an engine that waits level by
        // level cannot start unit 3 in time, whatever the backend's latency.
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        var started = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        var unit3Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = 0L;
        fixture.Runner.Register(fn, async (req, ct) =>
        {
            var unit = req.Segments[0];
            started[unit] = Interlocked.Increment(ref order);
            if (unit == 3)
            {
                unit3Started.TrySetResult();
            }

            if (unit == 1)
            {
                await unit3Started.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            finished[unit] = Interlocked.Increment(ref order);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(unit);
            return new UnitRunResult(req.Outputs.ToDictionary(o => o, _ => (ReadOnlyMemory<byte>)bytes), unit == 4, unit == 4 ? bytes : null);
        });
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units =
            [
                new PlanUnit { Id = 0, Segments = [0], Region = "westeurope", Outputs = ["a"] },
                new PlanUnit { Id = 1, Segments = [1], Region = "westeurope", DependsOn = [0], Inputs = [new("a", 0)], Outputs = ["b"] },
                new PlanUnit { Id = 2, Segments = [2], Region = "eastus", DependsOn = [0], Inputs = [new("a", 0)], Outputs = ["c"] },
                new PlanUnit { Id = 3, Segments = [3], Region = "eastus", DependsOn = [2], Inputs = [new("c", 2)], Outputs = ["d"] },
                new PlanUnit { Id = 4, Segments = [4], Region = "westeurope", DependsOn = [1, 3], Inputs = [new("b", 1), new("d", 3)] },
            ],
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.True(started[3] < finished[1], "unit 3 waited for unit 1, which it does not depend on");
        Assert.True(started[4] >= finished[1] && started[4] >= finished[3]);
        Assert.Equal(4, outcome.Result!.Result!.Value.GetInt32());
    }

    [Fact]
    public async Task RunAsync_EarlyReturn_SkipsLaterUnitsAndReturnsThatValue()
    {
        var dag = Register(new TestDag
        {
            FunctionId = NewId("early"),
            Predecessors = [[], [0], [1], [0], [2, 3], [4]],
            Returners = new HashSet<int> { 2 },
        });

        var outcome = await fixture.Engine.RunAsync(dag.Plan(NewId("exec"), 11, EngineFixture.Regions), Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(11).Result, outcome.Result!.Result!.Value.GetInt64());
        Assert.Equal(2, outcome.Result.ReturnedBy);
        Assert.Equal([3, 4, 5], outcome.Result.Skipped);
        Assert.Equal(0, fixture.Runner.Runs(dag.FunctionId, 4));
        Assert.Equal(0, fixture.Runner.Runs(dag.FunctionId, 5));
    }

    [Fact]
    public async Task RunAsync_SegmentThrows_RetriesOnFallbackRegionThenFailsWithOriginalError()
    {
        var fn = NewId("throws");
        var regions = new System.Collections.Concurrent.ConcurrentQueue<string>();
        fixture.Runner.Register(fn, (req, ct) => throw new InvalidOperationException("the invoice total is negative"));
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = "westeurope", FallbackRegions = ["northeurope"] }],
            Options = new ExecutionOptions { MaxAttempts = 3, FirstRetryDelayMs = 50 },
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.True(outcome.Error!.Type == "System.InvalidOperationException", outcome.Error.Type + ": " + outcome.Error.Message);
        Assert.Equal("the invoice total is negative", outcome.Error.Message);
        Assert.Equal(3, fixture.Runner.Runs(fn, 0));
    }

    /// <summary>
    /// Unit 1 holds segments 0 and 2 and waits on unit 0 (segment 1), which fails. The direct call would have run
    /// segment 0 first; what it does there decides the outcome. <paramref name="segmentZero"/>: "throws" (its exception
    /// is reported, not segment 1's), "returns" (the call returned before it failed), or "passes" (segment 1's stands).
    /// Version 2 plans keep reporting segment 1's exception (their histories replay unchanged).
    /// </summary>
    [Theory]
    [InlineData("throws", ExecutionPlan.CurrentVersion)]
    [InlineData("returns", ExecutionPlan.CurrentVersion)]
    [InlineData("passes", ExecutionPlan.CurrentVersion)]
    [InlineData("throws", 2)]
    public async Task RunAsync_LaterUnitFailsBeforeEarlierSegmentRan_OutcomeIsTheDirectCalls(string segmentZero, int version)
    {
        var fn = NewId("probe");
        fixture.Runner.Register(fn, (req, ct) =>
        {
            if (req.Segments[0] == 1)
            {
                throw new DivideByZeroException("segment 1 divides by the width");
            }

            if (req.Segments[0] == 0)
            {
                return segmentZero switch
                {
                    "throws" => throw new ArgumentOutOfRangeException("width", "segment 0: width must be positive"),
                    "returns" => Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, JsonSerializer.SerializeToUtf8Bytes(42))),
                    _ => Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), false, null)),
                };
            }

            throw new InvalidOperationException($"unexpected segments {string.Join(",", req.Segments)}");
        });
        var plan = new ExecutionPlan
        {
            Version = version,
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units =
            [
                new PlanUnit { Id = 0, Segments = [1], Region = "northeurope", Outputs = ["q"] },
                new PlanUnit { Id = 1, Segments = [0, 2], Region = "westeurope", DependsOn = [0], Inputs = [new UnitInput("q", 0)] },
            ],
            Options = new ExecutionOptions { MaxAttempts = 1 },
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(1, fixture.Runner.Runs(fn, 1));
        if (version < 3)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
            Assert.Equal("System.DivideByZeroException", outcome.Error!.Type);
            Assert.Equal(0, fixture.Runner.Runs(fn, 0));
            return;
        }

        // Segment 0 ran once, on its own (the probe), after unit 1 failed.
        Assert.Equal(1, fixture.Runner.Runs(fn, 0));
        switch (segmentZero)
        {
            case "throws":
                Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
                Assert.Equal("System.ArgumentOutOfRangeException", outcome.Error!.Type);
                Assert.Contains("width must be positive", outcome.Error.Message, StringComparison.Ordinal);
                break;
            case "returns":
                Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
                Assert.Equal(42, outcome.Result!.Result!.Value.GetInt32());
                break;
            default:
                Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
                Assert.Equal("System.DivideByZeroException", outcome.Error!.Type);
                break;
        }
    }

    [Fact]
    public async Task RunAsync_UnitExceedsTimeout_IsRetriedThenFailsWithClearError()
    {
        var fn = NewId("hang");
        fixture.Runner.Register(fn, async (req, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units = [new PlanUnit { Id = 0, Segments = [0, 1], Region = "eastus", TimeoutSeconds = 1 }],
            Options = new ExecutionOptions { MaxAttempts = 2, FirstRetryDelayMs = 50 },
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.Equal("System.TimeoutException", outcome.Error!.Type);
        Assert.Contains("exceeded its timeout of 1 s", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("segments 0, 1", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, fixture.Runner.Runs(fn, 0));
    }

    [Fact]
    public async Task RunAsync_FailureOnFirstAttemptOnly_SucceedsOnRetry()
    {
        var fn = NewId("flaky");
        var calls = 0;
        fixture.Runner.Register(fn, (req, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("transient");
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes("ok");
            return Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, bytes));
        });
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = "westeurope", FallbackRegions = ["eastus"] }],
            Options = new ExecutionOptions { FirstRetryDelayMs = 50 },
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal("ok", outcome.Result!.Result!.Value.GetString());
        var unit = Assert.Single(outcome.Result.Units);
        Assert.Equal(2, unit.Attempts);
        Assert.Equal("eastus", unit.Region);
    }

    [Fact]
    public async Task RunAsync_TwoConcurrentExecutionsOfOneFunction_DoNotSeeEachOthersVariables()
    {
        var dag = Register(TestDag.Random(NewId("conc"), 12, seed: 42));
        var random = new Random(7);
        for (var trial = 0; trial < 3; trial++)
        {
            var (x1, x2) = (random.Next(1, 1000), random.Next(1000, 2000));
            var runs = await Task.WhenAll(
                fixture.Engine.RunAsync(dag.Plan(NewId("a"), x1, EngineFixture.Regions), Deadline()),
                fixture.Engine.RunAsync(dag.Plan(NewId("b"), x2, EngineFixture.Regions), Deadline()));

            Assert.Equal(dag.Reference(x1).Result, runs[0].Result!.Result!.Value.GetInt64());
            Assert.Equal(dag.Reference(x2).Result, runs[1].Result!.Result!.Value.GetInt64());
        }
    }

    [Fact]
    public async Task RunAsync_AfterCleanup_StoreHoldsNothingOfTheExecution()
    {
        var dag = Register(TestDag.Random(NewId("clean"), 10, seed: 3));
        var plan = dag.Plan(NewId("exec"), 9, EngineFixture.Regions);

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Empty(await fixture.Engine.Store.ListAsync(plan.ExecutionId));
    }

    [Fact]
    public async Task RunAsync_WithRetention_KeepsStateUntilTheRetentionPeriodEnds()
    {
        var dag = Register(TestDag.Random(NewId("retain"), 4, seed: 4));
        var plan = dag.Plan(NewId("exec"), 9, EngineFixture.Regions, new ExecutionOptions { RetentionSeconds = 2 });

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        // (The in-process backend reports the parent complete only once its cleanup child ended, so the kept state
        // is observed through the cleanup's timing: it ran no earlier than the retention after the last unit.)
        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(9).Result, outcome.Result!.Result!.Value.GetInt64());
        var cleanup = await fixture.Engine.Client.WaitForInstanceCompletionAsync(plan.ExecutionId + ":cleanup", getInputsAndOutputs: true, Deadline());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, cleanup.RuntimeStatus);
        Assert.True(cleanup.ReadOutputAs<int>() > 0, "the cleanup deleted nothing: the state was gone before the retention ended");
        Assert.True(cleanup.LastUpdatedAt - outcome.Result.Units.Max(u => u.EndedAt) >= TimeSpan.FromSeconds(1.9));
        Assert.Empty(await fixture.Engine.Store.ListAsync(plan.ExecutionId));
    }

    [Fact]
    public async Task RunAsync_WorkerStoppedMidUnit_UnitIsReExecutedByAnotherWorker()
    {
        var fn = NewId("crash");
        var firstRunStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        fixture.Runner.Register(fn, async (req, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstRunStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            var x = JsonSerializer.Deserialize<int>(req.Inputs["x"].Span);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(x * 3);
            return new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, bytes);
        });

        // A region of its own, served first by one worker on a connection of its own, so that exactly that worker holds
        // the message when its process "crashes".
        var region = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var (connection, sever) = fixture.OpenSeverableConnection();
        var crashing = await fixture.Engine.AddWorkerAsync(region, connection);
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = region, Inputs = [new("x", null)], TimeoutSeconds = 60 }],
            Arguments = new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(14) },

            // No deadline timer: the orchestrator never retries on its own, so only the queue can bring the unit back.
            Options = new ExecutionOptions { DeadlineTimers = false, FirstRetryDelayMs = 50 },
        };
        var instance = await fixture.Engine.ScheduleAsync(plan);
        await firstRunStarted.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // The crash: the worker's connection is cut while its unit runs. From now on it takes, completes, abandons and
        // renews nothing, and its unit stays frozen (never cancelled, so it cannot even try to abandon): the message
        // can come back only when its lease runs out, and only a new worker can run it.
        sever();
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Engine.Client.GetInstanceAsync(instance))!.RuntimeStatus);

        var replacement = await fixture.Engine.AddWorkerAsync(region);
        try
        {
            var outcome = await fixture.Engine.WaitAsync(instance, Deadline());

            Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
            Assert.Equal(42, outcome.Result!.Result!.Value.GetInt32());
            Assert.Equal(2, Volatile.Read(ref calls));
            Assert.Equal((1, 1), (crashing.Taken, replacement.Taken));
            var unit = Assert.Single(outcome.Result.Units);
            Assert.Equal((region, 1), (unit.Region, unit.Attempts));
        }
        finally
        {
            await fixture.Engine.StopWorkerAsync(crashing);
            await fixture.Engine.StopWorkerAsync(replacement);
        }
    }

    [Fact]
    public async Task StartConsumerAsync_ConnectionSeveredMidHandler_MessageComesBackAfterItsLeaseEvenIfTheHandlerThenReturns()
    {
        var queue = "lease-" + Guid.NewGuid().ToString("N")[..8];
        var bus = fixture.CreateBus(isolated: false);
        var (connection, sever) = fixture.OpenSeverableConnection();
        var options = new ConsumerOptions { MaxConcurrency = 1, LockDuration = EngineFixture.WorkerLockDuration };
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstDeliveries = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var redelivered = new TaskCompletionSource<ReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var crashed = await connection.StartConsumerAsync(queue, async (m, _) => { firstDeliveries.Enqueue(m.DeliveryCount); taken.TrySetResult(); await release.Task; }, options))
        {
            await bus.SendAsync(queue, new BusMessage("m-1", "{}"u8.ToArray()));
            await taken.Task.WaitAsync(TimeSpan.FromMinutes(2));

            // The process dies; its handler "returns" afterwards, but its completion never reaches the queue.
            sever();
            release.TrySetResult();
        }

        await using var survivor = await bus.StartConsumerAsync(queue, (m, _) => { redelivered.TrySetResult(m); return Task.CompletedTask; }, options);
        var again = await redelivered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("m-1", again.Message.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal([1], firstDeliveries);
    }

    [Fact]
    public async Task RunAsync_NoWorkerTakesTheUnit_DeadlineTimerRetriesInFallbackRegion()
    {
        var fn = NewId("ghost");
        fixture.Runner.Register(fn, (req, ct) => Task.FromResult(new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, JsonSerializer.SerializeToUtf8Bytes(7))));
        var plan = new ExecutionPlan
        {
            ExecutionId = NewId("exec"),
            FunctionId = fn,
            Units = [new PlanUnit { Id = 0, Segments = [0], Region = "nowhere", TimeoutSeconds = 1, FallbackRegions = ["northeurope"] }],
            Options = new ExecutionOptions { DeadlineTimers = true, FirstRetryDelayMs = 50 },
        };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(7, outcome.Result!.Result!.Value.GetInt32());
        var unit = Assert.Single(outcome.Result.Units);
        Assert.Equal(("northeurope", 2), (unit.Region, unit.Attempts));
    }

    [Fact]
    public async Task RunAsync_DuplicateCompletionMessages_ChangeNothing()
    {
        var dag = Register(TestDag.Random(NewId("dup"), 8, seed: 8));
        var bus = new DuplicatingBus(fixture.CreateBus(isolated: true), copies: 3);
        await using var engine = await fixture.StartEngineAsync(await fixture.CreateStoreAsync(), bus);

        var outcome = await engine.RunAsync(dag.Plan(NewId("exec"), 21, EngineFixture.Regions), Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dag.Reference(21).Result, outcome.Result!.Result!.Value.GetInt64());
        Assert.All(outcome.Result.Units, u => Assert.Equal(1, u.Attempts));
        Assert.True(bus.Duplicated >= 16, $"expected duplicated completions, got {bus.Duplicated}");

        // Late duplicates raised straight on the finished instance are ignored too.
        await engine.Client.RaiseEventAsync(outcome.InstanceId, UnitCompleted.EventName, new UnitCompleted { ExecutionId = outcome.InstanceId, InstanceId = outcome.InstanceId, UnitId = 0, Attempt = 1, Succeeded = false, Error = new UnitError("X", "late") });
        var after = await engine.Client.GetInstanceAsync(outcome.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after!.RuntimeStatus);
    }

    [Fact]
    public async Task RunAsync_RecordsProfiles_InReferenceWork_EachUnitsDurationTimesItsRegionsSpeed()
    {
        var dag = TestDag.Random(NewId("speed"), 6, seed: 61);
        fixture.Runner.Register(dag.FunctionId, async (request, cancellationToken) =>
        {
            await Task.Delay(20, cancellationToken);
            return await dag.RunAsync(request, cancellationToken);
        });
        var speeds = new Dictionary<string, double> { ["westeurope"] = 1.0, ["northeurope"] = 0.5, ["eastus"] = 2.5 };
        var pairs = EngineFixture.Regions.ToDictionary(r => r, r => (IReadOnlyDictionary<string, double>)EngineFixture.Regions.Where(o => o != r).ToDictionary(o => o, _ => 10.0));
        var environment = new PlanEnvironment(
            "westeurope",
            [.. EngineFixture.Regions.Select(r => new RegionSpec(r, 0.00001, 0, speeds[r], 8192, 10, 10))],
            new NetworkSpec(pairs, EngineFixture.Regions.ToDictionary(r => r, r => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>()), 1000));
        var plan = dag.Plan(NewId("exec"), 3, EngineFixture.Regions) with { Environment = environment, Version = ExecutionPlan.CurrentVersion };

        var outcome = await fixture.Engine.RunAsync(plan, Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        var profile = await new Serverless.Orchestrations.Profiles.ProfileStore(fixture.Engine.Store).GetAsync(dag.FunctionId);
        Assert.NotEmpty(outcome.Result!.Units);
        foreach (var unit in outcome.Result.Units)
        {
            Assert.True(unit.DurationMs > 0, $"unit {unit.Id} measured {unit.DurationMs} ms");
            var recorded = profile.SegmentWorkMs[Assert.Single(unit.Segments)];
            Assert.Equal(1, recorded.Count);
            Assert.Equal(unit.DurationMs * speeds[unit.Region], recorded.Mean, 6);
        }

        Assert.Contains(outcome.Result.Units, u => u.Region == "eastus"); // a region whose speed is not 1
    }
}
