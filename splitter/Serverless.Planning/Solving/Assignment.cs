namespace Serverless.Planning.Solving;

/// <summary>Segments to unit slots and slots to regions, with its evaluation.</summary>
internal sealed record Assignment(int[] UnitOf, int[] RegionOfSlot, Evaluation Evaluation)
{
    /// <summary>Renumbers slots by first segment so equal partitions look equal; drops empty slots.</summary>
    public static (int[] UnitOf, int[] RegionOfSlot) Normalize(ReadOnlySpan<int> unitOf, ReadOnlySpan<int> regionOfSlot)
    {
        var map = new int[regionOfSlot.Length];
        Array.Fill(map, -1);
        var units = new int[unitOf.Length];
        var regions = new List<int>();
        for (var s = 0; s < unitOf.Length; s++)
        {
            var slot = unitOf[s];
            if (map[slot] < 0)
            {
                map[slot] = regions.Count;
                regions.Add(regionOfSlot[slot]);
            }

            units[s] = map[slot];
        }

        return (units, [.. regions]);
    }
}
