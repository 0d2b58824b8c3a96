namespace Serverless.Api.Visuals;

/// <summary>Stable colours per region: the n-th distinct region (sorted by name) gets the n-th colour.</summary>
internal static class Palette
{
    private static readonly string[] Colours =
    [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ];

    public static IReadOnlyDictionary<string, string> For(IEnumerable<string> regions)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in regions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            map[r] = Colours[map.Count % Colours.Length];
        }

        return map;
    }
}
