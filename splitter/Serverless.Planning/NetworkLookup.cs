namespace Serverless.Planning;

/// <summary>Reads a symmetric-by-default network map: the value from a to b, else from b to a; 0 from a place to itself.</summary>
internal static class NetworkLookup
{
    public static double? Find(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> map, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return 0;
        }

        if (map.TryGetValue(from, out var row) && row is not null && row.TryGetValue(to, out var v))
        {
            return v;
        }

        if (map.TryGetValue(to, out var back) && back is not null && back.TryGetValue(from, out var w))
        {
            return w;
        }

        return null;
    }
}
