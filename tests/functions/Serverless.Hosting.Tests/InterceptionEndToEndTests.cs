using System.Text.Json;
using CsCheck;
using Microsoft.DurableTask.Client;
using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Samples;
using Serverless.Samples.Console;

namespace Serverless.Hosting.Tests;

/// <summary>
/// Ordinary calls in a host with <c>AddServerlessSplitter(o => o.UseEmbeddedEngine())</c>: planned, run through
/// <c>ExecutePlanOrchestrator</c> on the in-process engine, and equal to the direct call.
/// </summary>
[Collection(SplitterHostCollection.Name)]
public sealed class InterceptionEndToEndTests(SplitterHostFixture fixture)
{
    private static string Json(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), SplitJson.Options);

    /// <summary>The direct results: the same calls with no handler installed (a fresh process state for each).</summary>
    private static async Task<T> DirectAsync<T>(Func<Task<T>> call)
    {
        var installed = SplitRuntime.Handler;
        SplitRuntime.Handler = null;
        try
        {
            return await call();
        }
        finally
        {
            SplitRuntime.Handler = installed;
        }
    }

    [Fact]
    public async Task InterceptedCall_EverySample_EqualsDirectCallAndRunsOnTheEngine()
    {
        var samples = SplitFunctionRegistry.FromAssemblies(typeof(ImagePipeline).Assembly).All.Select(e => e.Id).ToList();
        Assert.NotEmpty(samples);
        Assert.Equal(samples.Order(StringComparer.Ordinal), SampleCalls.All.Select(c => c.Function).Distinct().Order(StringComparer.Ordinal));

        foreach (var (function, call) in SampleCalls.All)
        {
            var direct = Json(await DirectAsync(call));
            var mark = fixture.Mark();
            var split = Json(await call());
            Assert.Equal(direct, split);
            var record = Assert.Single(fixture.CallsSince(mark));
            Assert.Equal(function, record.FunctionId);
            Assert.True(record.RanOnEngine, function + " ran directly");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, record.Outcome!.Status);
        }
    }

    [Fact]
    public void InterceptedCall_ImagePipelineOnceMeasured_SplitsIntoSeveralUnitsWithTheSameResult()
    {
        // The first call measures the segments (the engine records profiles); the plans of the next ones use them, and
        // with a latency weight the independent stages after the blur run as units of their own.
        var direct = Json(ImagePipelineDirect(1200, 900));
        var units = new List<int>();
        for (var call = 0; call < 4 && units.All(u => u < 2); call++)
        {
            var mark = fixture.Mark();
            Assert.Equal(direct, Json(ImagePipeline.Process(1200, 900, 5, 110)));
            var record = Assert.Single(fixture.CallsSince(mark));
            Assert.Equal(record.Plan!.Units.Count, record.Outcome!.Result!.Units.Count + record.Outcome.Result.Skipped.Count);
            units.Add(record.Plan.Units.Count);
        }

        Assert.True(units.Any(u => u >= 2), "units per call: " + string.Join(", ", units));
    }

    private static ImageReport ImagePipelineDirect(int width, int height) => DirectAsync(() => Task.FromResult(ImagePipeline.Process(width, height, 5, 110))).GetAwaiter().GetResult();

    [Fact]
    public void InterceptedCall_RandomOrders_EqualDirectCall()
    {
        var line = Gen.Select(Gen.OneOfConst("A-1", "B-7", "C-30", string.Empty), Gen.Int[-2, 12], Gen.Int[0, 8000]).Select((s, q, cents) => new OrderLine(s, q, cents / 100m));
        var order = Gen.Select(line.List[0, 4], Gen.OneOfConst<string?>(null, "BULK", "WELCOME10", "nope")).Select((l, c) => new Order(l, c));
        Gen.Select(order, Gen.Int[0, 50]).Sample(
            (o, stock) =>
            {
                var direct = DirectAsync(() => Task.FromResult(Capture(() => OrderValidation.Validate(o, stock)))).GetAwaiter().GetResult();
                Assert.Equal(direct, Capture(() => OrderValidation.Validate(o, stock)));
            },
            iter: 12,
            threads: 1);
    }

    /// <summary>The result as JSON, or the exception's type and message.</summary>
    private static string Capture(Func<object?> call)
    {
        try
        {
            return Json(call());
        }
        catch (Exception ex)
        {
            return ex.GetType().FullName + ": " + ex.Message;
        }
    }

    [Fact]
    public async Task InterceptedCall_SegmentThrows_RethrowsTheOriginalTypeAndMessage()
    {
        var direct = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DirectAsync(() => Task.FromResult(ImagePipeline.Process(0, 4, 1, 1))));
        var mark = fixture.Mark();
        var split = Assert.Throws<ArgumentOutOfRangeException>(() => ImagePipeline.Process(0, 4, 1, 1));
        Assert.Equal(direct.Message, split.Message);
        var record = Assert.Single(fixture.CallsSince(mark));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, record.Outcome!.Status);

        var asyncDirect = await Assert.ThrowsAsync<InvalidOperationException>(() => DirectAsync(() => InventorySync.SyncAsync(["oslo", string.Empty], "SKU-1")));
        var asyncSplit = await Assert.ThrowsAsync<InvalidOperationException>(() => InventorySync.SyncAsync(["oslo", string.Empty], "SKU-1"));
        Assert.Equal(asyncDirect.GetType(), asyncSplit.GetType());
        Assert.Equal(asyncDirect.Message, asyncSplit.Message);
    }

    [Fact]
    public async Task AnnotationOverride_ChangesTheNextCallsPlacement()
    {
        const string Id = "Serverless.Samples.DocumentPipeline.Summarize";
        string Call() => Json(DocumentPipeline.Summarize("Title", "One two three. Four five six! Seven.", 2));
        var direct = await DirectAsync(() => Task.FromResult(Call()));
        foreach (var region in new[] { "eastus", "northeurope", "westeurope" })
        {
            await fixture.Annotations.UpdateAsync(Id, new AnnotationPatch(PatchField<bool?>.Unchanged, PatchField<GeoPreferenceOverride?>.Set(new GeoPreferenceOverride([region], true)), PatchField<ResourceConstraintOverride?>.Unchanged), null);
            var mark = fixture.Mark();
            Assert.Equal(direct, Call());
            var record = Assert.Single(fixture.CallsSince(mark));
            Assert.All(record.Plan!.Units, u => Assert.Equal(region, u.Region));
            Assert.All(record.Outcome!.Result!.Units, u => Assert.Equal(region, u.Region));
        }

        // Turning splitting off: the next call is one unit with every segment.
        await fixture.Annotations.UpdateAsync(Id, new AnnotationPatch(PatchField<bool?>.Set(false), PatchField<GeoPreferenceOverride?>.Set(null), PatchField<ResourceConstraintOverride?>.Unchanged), null);
        var before = fixture.Mark();
        Assert.Equal(direct, Call());
        var one = Assert.Single(fixture.CallsSince(before));
        var unit = Assert.Single(one.Plan!.Units);
        Assert.Equal(Enumerable.Range(0, unit.Segments.Count), unit.Segments);
        await fixture.Annotations.UpdateAsync(Id, new AnnotationPatch(PatchField<bool?>.Set(null), PatchField<GeoPreferenceOverride?>.Unchanged, PatchField<ResourceConstraintOverride?>.Unchanged), null);
    }

    [Fact]
    public void RefusedMethod_RunsDirectly()
    {
        var expected = DirectAsync(() => Task.FromResult(TestFunctions.Refused("ab", 3))).GetAwaiter().GetResult();
        Assert.Equal("ab;ab;ab;", expected);
        var mark = fixture.Mark();
        Assert.Equal(expected, TestFunctions.Refused("ab", 3));
        var record = Assert.Single(fixture.CallsSince(mark));
        Assert.False(record.RanOnEngine);
    }

    [Fact]
    public void NestedCallInsideASegment_RunsDirectly()
    {
        var expected = DirectAsync(() => Task.FromResult(TestFunctions.Nested(40, 30))).GetAwaiter().GetResult();
        var mark = fixture.Mark();
        Assert.Equal(expected, TestFunctions.Nested(40, 30));
        var record = Assert.Single(fixture.CallsSince(mark));
        Assert.Equal("Serverless.Hosting.Tests.TestFunctions.Nested", record.FunctionId);
        Assert.True(record.RanOnEngine);
    }

    [Fact]
    public void SynchronousCall_UnderASingleThreadedSynchronizationContext_DoesNotDeadlock()
    {
        var expected = Json(DirectAsync(() => Task.FromResult(LoanSchedule.Amortize(1000m, 5m, 6))).GetAwaiter().GetResult());
        using var context = new SingleThreadContext();
        var mark = fixture.Mark();
        var result = context.Run(() => Json(LoanSchedule.Amortize(1000m, 5m, 6)));

        // Generous: a deadlock never finishes; a slow machine finishes eventually.
        Assert.True(result.Wait(TimeSpan.FromMinutes(3)), "the synchronous intercepted call did not complete on the context's thread");
        Assert.Equal(expected, result.Result);
        Assert.True(Assert.Single(fixture.CallsSince(mark)).RanOnEngine);
    }
}
