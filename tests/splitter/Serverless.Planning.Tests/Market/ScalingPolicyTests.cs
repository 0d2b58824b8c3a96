using Serverless.Planning.Market;

namespace Serverless.Planning.Tests.Market;

public class ScalingPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScalingOptions Options = ScalingOptions.Default;

    private static RegionMetrics Metrics(int instances, double utilisation, int declined = 0, int backlog = 0, DateTimeOffset? up = null, DateTimeOffset? down = null, int minutesOfHistory = 15, DateTimeOffset? now = null)
    {
        var at = now ?? T0;
        var samples = Enumerable.Range(0, minutesOfHistory + 1).Select(m => new UtilisationSample(at.AddMinutes(-m), utilisation)).ToList();
        return new RegionMetrics("westeurope", instances, samples, declined, backlog, up, down);
    }

    [Fact]
    public void Decide_HighUtilisation_AddsInstancesWithinMaxStep()
    {
        var d = ScalingPolicy.Decide(Metrics(4, 0.95), T0, Options);
        Assert.InRange(d.Delta, 1, Options.MaxStep);
        Assert.Equal(4, d.Delta); // ceil(4 × 0.95 / 0.525) − 4 = 4
    }

    [Fact]
    public void Decide_DeclinedBidsOrBacklog_AddEvenWhenUtilisationIsLow()
    {
        Assert.Equal(1, ScalingPolicy.Decide(Metrics(2, 0.1, declined: 3), T0, Options).Delta);
        Assert.Equal(3, ScalingPolicy.Decide(Metrics(2, 0.1, backlog: 20), T0, Options).Delta); // needs 5 for 20 queued
    }

    [Fact]
    public void Decide_Bounds_AreRespected()
    {
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(10, 1.0), T0, Options).Delta);
        Assert.Equal(1, ScalingPolicy.Decide(Metrics(0, 0), T0, Options).Delta);
        Assert.Equal(-2, ScalingPolicy.Decide(Metrics(12, 0.5), T0, Options).Delta);
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(1, 0), T0, Options).Delta); // idle at the minimum
        Assert.Equal(1, ScalingPolicy.Decide(Metrics(9, 1.0), T0, Options).Delta); // capped by the maximum
    }

    [Fact]
    public void Decide_Cooldowns_HoldFurtherChanges()
    {
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(3, 0.9, up: T0.AddSeconds(-30)), T0, Options).Delta);
        Assert.True(ScalingPolicy.Decide(Metrics(3, 0.9, up: T0.AddMinutes(-2)), T0, Options).Delta > 0);
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(3, 0.1, up: T0.AddMinutes(-2)), T0, Options).Delta);
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(3, 0.1, down: T0.AddMinutes(-1)), T0, Options).Delta);
        Assert.Equal(-1, ScalingPolicy.Decide(Metrics(3, 0.1, down: T0.AddMinutes(-6)), T0, Options).Delta);
    }

    [Fact]
    public void Decide_QuietButHistoryShorterThanWindow_DoesNotRetire()
    {
        Assert.Equal(0, ScalingPolicy.Decide(Metrics(3, 0.1, minutesOfHistory: 5), T0, Options).Delta);
    }

    [Fact]
    public void Decide_OscillatingLoad_DoesNotFlap()
    {
        // Demand (in instances' worth of work) swings between 0.5 and 3.5 every 2 minutes for 6 hours; the
        // policy runs every minute. Adds may happen; a retire must never follow within the quiet window.
        var instances = 1;
        DateTimeOffset? lastUp = null, lastDown = null;
        var samples = new List<UtilisationSample>();
        var decisions = new List<int>();
        for (var minute = 0; minute < 360; minute++)
        {
            var now = T0.AddMinutes(minute);
            var demand = (minute / 2) % 2 == 0 ? 0.5 : 3.5;
            samples.Add(new UtilisationSample(now, Math.Min(1, demand / instances)));
            samples.RemoveAll(s => s.At < now.AddMinutes(-20));
            var d = ScalingPolicy.Decide(new RegionMetrics("r", instances, samples, 0, 0, lastUp, lastDown), now, Options);
            if (d.Delta > 0)
            {
                lastUp = now;
            }
            else if (d.Delta < 0)
            {
                lastDown = now;
            }

            instances += d.Delta;
            decisions.Add(d.Delta);
            Assert.InRange(instances, Options.MinInstances, Options.MaxInstances);
        }

        var changes = decisions.Where(d => d != 0).Select(Math.Sign).ToList();
        var flips = changes.Zip(changes.Skip(1)).Count(p => p.First != p.Second);
        Assert.Equal(0, flips);
        Assert.True(instances >= 4, "grew to cover the peaks");
        Assert.True(decisions.Skip(60).All(d => d == 0), "settled after the first hour");
    }

    [Fact]
    public void Decide_LoadDropsForGood_RetiresOneAtATimeDownToMinimum()
    {
        var instances = 6;
        DateTimeOffset? lastDown = null;
        var samples = new List<UtilisationSample>();
        for (var minute = 0; minute < 120; minute++)
        {
            var now = T0.AddMinutes(minute);
            samples.Add(new UtilisationSample(now, 0.05));
            var d = ScalingPolicy.Decide(new RegionMetrics("r", instances, samples, 0, 0, T0.AddMinutes(-30), lastDown), now, Options);
            Assert.InRange(d.Delta, -1, 0);
            if (d.Delta < 0)
            {
                Assert.True(lastDown is null || now - lastDown >= Options.ScaleDownCooldown);
                lastDown = now;
            }

            instances += d.Delta;
        }

        Assert.Equal(Options.MinInstances, instances);
    }
}
