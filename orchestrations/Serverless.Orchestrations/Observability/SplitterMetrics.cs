using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Serverless.Orchestrations.Observability;

/// <summary>
/// The engine's meter ("Serverless.Splitter"): units run and their duration (by region and outcome), auctions (by
/// outcome), declined demand, queue backlog and instances per region. Hosts export it with OpenTelemetry (the
/// Functions app to Azure Monitor, see docs/observability.md). Orchestrator code records only when it is not
/// replaying, so each event is counted once.
/// </summary>
public static class SplitterMetrics
{
    public const string MeterName = SplitterTelemetry.SourceName;

    private static readonly Meter Meter = new(MeterName, "1.0.0");

    private static readonly Counter<long> Units = Meter.CreateCounter<long>("splitter.units", "{unit}", "Units a regional worker ran to an outcome (succeeded, failed, timeout).");

    private static readonly Histogram<double> UnitDuration = Meter.CreateHistogram<double>("splitter.unit.duration", "ms", "How long a unit ran on its worker.");

    private static readonly Counter<long> Auctions = Meter.CreateCounter<long>("splitter.auctions", "{auction}", "Auctions that ended (placed: every unit reserved; partial; unplaced).");

    private static readonly Counter<long> Declined = Meter.CreateCounter<long>("splitter.bids.declined", "{demand}", "Demands no instance of a region accepted (the autoscaler's shortage signal).");

    private static readonly Gauge<long> Backlog = Meter.CreateGauge<long>("splitter.queue.backlog", "{message}", "Work items waiting on a region's work-{region} queue.");

    private static readonly Gauge<long> Instances = Meter.CreateGauge<long>("splitter.instances", "{instance}", "Compute instances a region has in the market.");

    /// <summary>A unit ended on a worker of <paramref name="region"/>.</summary>
    public static void UnitRan(string region, string outcome, double durationMs)
    {
        var tags = new TagList { { "splitter.region", region }, { "splitter.outcome", outcome } };
        Units.Add(1, tags);
        UnitDuration.Record(Math.Max(0, durationMs), tags);
    }

    /// <summary>An auction of <paramref name="demands"/> units ended with <paramref name="reserved"/> of them reserved.</summary>
    public static void AuctionEnded(int demands, int reserved) =>
        Auctions.Add(1, new KeyValuePair<string, object?>("splitter.outcome", reserved >= demands ? "placed" : reserved == 0 ? "unplaced" : "partial"));

    /// <summary>What the autoscaler read of one region: its instances, its queue's backlog and the demand it declined since the last look.</summary>
    public static void RegionObserved(string region, int instances, int backlog, int declined)
    {
        var tag = new KeyValuePair<string, object?>("splitter.region", region);
        Instances.Record(instances, tag);
        Backlog.Record(backlog, tag);
        if (declined > 0)
        {
            Declined.Add(declined, tag);
        }
    }
}
