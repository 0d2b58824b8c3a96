using Serverless.Local.Provisioning;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Tests.Provisioning;

/// <summary>The local provisioner's scale operation: records the count per region and starts the region's pool when it is scaled up.</summary>
public sealed class LocalProvisionerScaleTests
{
    private sealed class RecordingPools : IWorkerPoolHost
    {
        public List<string> Started { get; } = [];

        public Task<bool> EnsureWorkerPoolAsync(string region, CancellationToken cancellationToken = default)
        {
            var isNew = !Started.Contains(region);
            if (isNew)
            {
                Started.Add(region);
            }

            return Task.FromResult(isNew);
        }
    }

    [Fact]
    public async Task ScaleAsync_SequenceOfCounts_LastCountPerRegionAndPoolStartedOnlyWhenAboveZero()
    {
        var random = new Random(13);
        for (var trial = 0; trial < 50; trial++)
        {
            var pools = new RecordingPools();
            var provisioner = new LocalProvisioner(pools);
            var last = new Dictionary<string, int>();
            var positive = new HashSet<string>();
            foreach (var _ in Enumerable.Range(0, random.Next(1, 8)))
            {
                var region = random.Next(2) == 0 ? "westeurope" : "eastus";
                var count = random.Next(0, 5);
                await provisioner.ScaleAsync(region, count);
                last[region] = count;
                if (count > 0)
                {
                    positive.Add(region);
                }
            }

            foreach (var region in new[] { "westeurope", "eastus" })
            {
                Assert.Equal(last.TryGetValue(region, out var n) ? n : null, provisioner.Scale(region));
            }

            Assert.Equal(positive.Order(), pools.Started.Order());
        }
    }

    [Fact]
    public async Task ScaleAsync_NegativeCount_ThrowsNamingTheRegion()
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new LocalProvisioner(new RecordingPools()).ScaleAsync("eastus", -1));
        Assert.Contains("eastus", ex.Message, StringComparison.Ordinal);
    }
}
