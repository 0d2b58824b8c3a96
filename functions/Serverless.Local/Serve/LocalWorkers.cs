namespace Serverless.Local.Serve;

/// <summary>
/// `serve --local-workers all|none|&lt;region,...&gt;`: which regions' work queues the serve process consumes itself.
/// The others are left to `serverless worker` processes on the same storage and task hub.
/// </summary>
public sealed record LocalWorkers
{
    private LocalWorkers(string mode, IReadOnlyList<string> regions)
    {
        Mode = mode;
        Regions = regions;
    }

    /// <summary>Every region (the default).</summary>
    public static LocalWorkers All { get; } = new("all", []);

    /// <summary>No region: every unit runs in a worker process.</summary>
    public static LocalWorkers None { get; } = new("none", []);

    /// <summary>"all", "none" or "list".</summary>
    public string Mode { get; }

    /// <summary>The regions of a list (empty for all and none).</summary>
    public IReadOnlyList<string> Regions { get; }

    public bool Allows(string region) => Mode == "all" || Regions.Contains(region, StringComparer.Ordinal);

    public static LocalWorkers Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException("--local-workers needs a value: all, none, or a comma-separated list of regions such as westeurope,eastus");
        }

        switch (value.Trim())
        {
            case "all":
                return All;
            case "none":
                return None;
            default:
                var regions = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var r in regions)
                {
                    if (!r.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                    {
                        throw new UsageException($"--local-workers: '{r}' is not a region name (lowercase letters, digits and '-'); give all, none, or regions such as westeurope,eastus");
                    }
                }

                return new LocalWorkers("list", [.. regions.Distinct(StringComparer.Ordinal)]);
        }
    }

    public override string ToString() => Mode == "list" ? string.Join(",", Regions) : Mode;
}
