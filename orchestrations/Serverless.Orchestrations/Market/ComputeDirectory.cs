using Microsoft.DurableTask.Entities;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// The market's directory entity (one, key <see cref="Key"/>): which <see cref="ComputeInstance"/> entities are active
/// per region, and the shortage the markets report when every instance declined (the autoscaler's signal).
/// <c>Add</c> names a new instance <c>{region}/{n}</c> and configures it by a signal.
/// </summary>
public sealed class ComputeDirectory : TaskEntity<ComputeDirectoryState>
{
    public const string EntityName = nameof(ComputeDirectory);

    public const string Key = "market";

    public static EntityInstanceId Id { get; } = new(EntityName, Key);

    /// <summary>The region of an instance named <c>{region}/{n}</c> (empty for another name).</summary>
    public static string RegionOf(string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance[..Math.Max(0, instance.LastIndexOf('/'))];
    }

    /// <summary>The distinct regions of <paramref name="instances"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> RegionsOf(IEnumerable<string> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return [.. instances.Select(RegionOf).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public string Add(InstanceConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(configuration.Region);
        var n = State.NextNumber.GetValueOrDefault(configuration.Region);
        State.NextNumber[configuration.Region] = n + 1;
        var instance = $"{configuration.Region}/{n}";
        if (!State.Instances.TryGetValue(configuration.Region, out var list))
        {
            State.Instances[configuration.Region] = list = [];
        }

        list.Add(instance);
        Context.SignalEntity(ComputeInstance.Id(instance), nameof(ComputeInstance.Configure), configuration);
        return instance;
    }

    /// <summary>Takes an instance out of the directory (it gets no more bid requests) and retires it.</summary>
    public bool Remove(string instance)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        var removed = false;
        foreach (var list in State.Instances.Values)
        {
            removed |= list.Remove(instance);
        }

        if (removed)
        {
            Context.SignalEntity(ComputeInstance.Id(instance), nameof(ComputeInstance.Retire));
        }

        return removed;
    }

    /// <summary>Active instances of the given regions (all regions when empty), region by region.</summary>
    public Dictionary<string, List<string>> List(IReadOnlyList<string>? regions) =>
        State.Instances
            .Where(r => regions is null || regions.Count == 0 || regions.Contains(r.Key))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Value.ToList(), StringComparer.Ordinal);

    public void RecordShortage(RegionShortage shortage)
    {
        ArgumentNullException.ThrowIfNull(shortage);
        State.Shortage[shortage.Region] = State.Shortage.GetValueOrDefault(shortage.Region) + shortage.Units;
    }

    /// <summary>The shortage reported since the last call, per region; resets it.</summary>
    public Dictionary<string, int> TakeShortage()
    {
        var taken = new Dictionary<string, int>(State.Shortage, StringComparer.Ordinal);
        State.Shortage.Clear();
        return taken;
    }
}
