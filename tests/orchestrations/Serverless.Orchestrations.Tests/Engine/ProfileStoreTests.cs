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
}
