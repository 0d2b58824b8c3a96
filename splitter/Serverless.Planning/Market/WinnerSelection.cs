namespace Serverless.Planning.Market;

/// <summary>
/// Picks the bid that minimises the planner's objective for one unit: price + transfer cost + latency weight ×
/// expected finish (start delay + finish, seconds); ties by region preference order, then instance name.
/// </summary>
public static class WinnerSelection
{
    public static BidCandidate? Choose(IReadOnlyList<BidCandidate> candidates, double latencyWeight, IReadOnlyList<string> regionPreference)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(regionPreference);
        return candidates
            .OrderBy(c => Score(c, latencyWeight))
            .ThenBy(c => Rank(regionPreference, c.Region))
            .ThenBy(c => c.Instance, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static double Score(BidCandidate candidate, double latencyWeight)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Price + candidate.TransferCost + (latencyWeight * (candidate.StartDelayMs + candidate.FinishMs) / 1000);
    }

    private static int Rank(IReadOnlyList<string> regions, string region)
    {
        for (var i = 0; i < regions.Count; i++)
        {
            if (regions[i] == region)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
