namespace Serverless.Orchestrations.Ports;

/// <summary>What every <see cref="IFunctionRegistry"/> checks and how it orders its listing, in one place.</summary>
public static class FunctionRegistryRules
{
    /// <summary>Refuses a null list, null entries and entries without a function id or region, naming the entry.</summary>
    public static void Validate(IReadOnlyList<VirtualFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        for (var i = 0; i < functions.Count; i++)
        {
            var function = functions[i] ?? throw new ArgumentException($"Virtual function [{i}] is null.", nameof(functions));
            if (string.IsNullOrEmpty(function.FunctionId) || string.IsNullOrEmpty(function.Region))
            {
                throw new ArgumentException($"Virtual function [{i}] ('{function.Id}') has no function id or region.", nameof(functions));
            }
        }
    }

    /// <summary>By region (ordinal), then unit.</summary>
    public static IReadOnlyList<DeployedFunction> Order(IEnumerable<DeployedFunction> entries)
        => [.. entries.OrderBy(e => e.VirtualFunction.Region, StringComparer.Ordinal).ThenBy(e => e.VirtualFunction.UnitId)];
}
