using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Orchestrations.Tests.Engine;

public sealed class ProfileStoreTests
{
    [Fact]
    public async Task RecordAsync_Samples_KeepsExponentialMovingAverages()
    {
        var random = new Random(5);
        var profiles = new ProfileStore(new InMemoryStateStore());
        double? expectedSegment = null;
        double? expectedBytes = null;
        for (var i = 0; i < 30; i++)
        {
            var duration = random.Next(1, 1000);
            var bytes = random.Next(1, 100_000);
            await profiles.RecordAsync(new ProfileBatch("fn", [new UnitSample([4, 5], duration, new Dictionary<string, int> { ["image"] = bytes })]));
            var perSegment = duration / 2.0;
            expectedSegment = expectedSegment is { } s ? s + (ProfileStore.Alpha * (perSegment - s)) : perSegment;
            expectedBytes = expectedBytes is { } b ? b + (ProfileStore.Alpha * (bytes - b)) : bytes;
        }

        var profile = await profiles.GetAsync("fn");

        Assert.Equal(expectedSegment!.Value, profile.SegmentWorkMs[4].Mean, 6);
        Assert.Equal(expectedSegment.Value, profile.SegmentWorkMs[5].Mean, 6);
        Assert.Equal(30, profile.SegmentWorkMs[4].Count);
        Assert.Equal(expectedBytes!.Value, profile.VariableBytes["image"].Mean, 6);
        Assert.Empty((await profiles.GetAsync("other")).SegmentWorkMs);
    }

    [Fact]
    public async Task RecordAsync_UnitInARegionOfAnySpeed_RecordsReferenceWork()
    {
        var random = new Random(9);
        for (var i = 0; i < 50; i++)
        {
            var profiles = new ProfileStore(new InMemoryStateStore());
            var duration = random.Next(1, 10_000);
            var speed = i % 10 == 0 ? (i % 20 == 0 ? 0 : double.NaN) : 0.1 + (random.NextDouble() * 4);
            var segments = Enumerable.Range(0, random.Next(1, 5)).ToList();
            await profiles.RecordAsync(new ProfileBatch("fn", [new UnitSample(segments, duration, new Dictionary<string, int>(), speed)]));

            var profile = await profiles.GetAsync("fn");

            var reference = double.IsFinite(speed) && speed > 0 ? duration * speed : duration; // an unusable speed counts as 1
            Assert.All(segments, s => Assert.Equal(reference / segments.Count, profile.SegmentWorkMs[s].Mean, 6));
        }
    }
}
