namespace Serverless.Orchestrations.Market;

/// <summary>The market's directory: active instances per region, the next instance number, and demand no instance accepted since the autoscaler last looked.</summary>
public sealed class ComputeDirectoryState
{
    public Dictionary<string, List<string>> Instances { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> NextNumber { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Shortage { get; set; } = new(StringComparer.Ordinal);
}
