using System.Collections.Concurrent;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.InMemory;

/// <summary><see cref="IFunctionRegistry"/> in process memory, for <c>serve</c> without storage and tests; lost at exit.</summary>
public sealed class InMemoryFunctionRegistry : IFunctionRegistry
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string Region, int Unit), DeployedFunction>> _functions = new(StringComparer.Ordinal);

    public Task RecordAsync(IReadOnlyList<VirtualFunction> functions, DateTimeOffset deployedAt, CancellationToken cancellationToken = default)
    {
        FunctionRegistryRules.Validate(functions);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var function in functions)
        {
            var entries = _functions.GetOrAdd(function.FunctionId, _ => new ConcurrentDictionary<(string, int), DeployedFunction>());
            entries[(function.Region, function.UnitId)] = new DeployedFunction(function with { Segments = [.. function.Segments] }, deployedAt);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeployedFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<DeployedFunction> list = _functions.TryGetValue(functionId, out var entries)
            ? FunctionRegistryRules.Order(entries.Values)
            : [];
        return Task.FromResult(list);
    }
}
