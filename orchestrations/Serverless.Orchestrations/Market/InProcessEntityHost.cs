using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Serverless.Orchestrations.Market;

/// <summary>
/// Drives <see cref="ITaskEntity"/> classes in-process for an engine without entity support: each instance's state
/// is kept serialised (as a durable backend would keep it), operations on one instance run one at a time under its
/// lock, and signals an operation sends are delivered after it finished. Used behind activities by
/// <see cref="InProcessComputeMarket"/>.
/// </summary>
public sealed class InProcessEntityHost
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<EntityInstanceId, Slot> _slots = new();
    private readonly Dictionary<string, Func<ITaskEntity>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers the entity class that runs operations of entities named <paramref name="name"/>.</summary>
    public InProcessEntityHost Register(string name, Func<ITaskEntity> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
        return this;
    }

    /// <summary>Every instance of an entity that has state, in key order.</summary>
    public IReadOnlyList<EntityInstanceId> Instances(string name) =>
        [.. _slots.Where(s => s.Value.Json is not null && string.Equals(s.Key.Name, name, StringComparison.OrdinalIgnoreCase)).Select(s => s.Key).OrderBy(id => id.Key, StringComparer.Ordinal)];

    /// <summary>The stored state of an instance (null when it has none).</summary>
    public T? GetState<T>(EntityInstanceId id)
    {
        var json = _slots.TryGetValue(id, out var slot) ? slot.Json : null;
        return json is null ? default : JsonSerializer.Deserialize<T>(json, Json);
    }

    /// <summary>Runs one operation and returns its result deserialised as <typeparamref name="TResult"/>.</summary>
    public async Task<TResult?> CallAsync<TResult>(EntityInstanceId id, string operation, object? input = null)
    {
        var result = await CallAsync(id, operation, input).ConfigureAwait(false);
        return result is null ? default : result.Value.Deserialize<TResult>(Json);
    }

    /// <summary>Runs one operation (the result serialised as a durable backend would return it).</summary>
    public async Task<JsonElement?> CallAsync(EntityInstanceId id, string operation, object? input = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        if (!_factories.TryGetValue(id.Name, out var factory))
        {
            throw new InvalidOperationException($"No entity named '{id.Name}' is registered with the in-process entity host; register it with {nameof(Register)} first.");
        }

        var slot = _slots.GetOrAdd(id, _ => new Slot());
        var signals = new List<(EntityInstanceId Id, string Operation, object? Input)>();
        JsonElement? result;
        await slot.Lock.WaitAsync().ConfigureAwait(false);
        try
        {
            var state = new State(slot.Json);
            var op = new Operation(operation, input is null ? null : JsonSerializer.Serialize(input, Json), new Context(id, signals), state);
            var value = await factory().RunAsync(op).ConfigureAwait(false);
            slot.Json = state.Json;
            result = value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), Json);
        }
        finally
        {
            slot.Lock.Release();
        }

        foreach (var (target, name, signalInput) in signals)
        {
            await CallAsync(target, name, signalInput).ConfigureAwait(false);
        }

        return result;
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public string? Json { get; set; }
    }

    private sealed class State(string? json) : TaskEntityState
    {
        public string? Json { get; private set; } = json;

        public override bool HasState => Json is not null;

        public override object? GetState(Type type) => Json is null ? null : JsonSerializer.Deserialize(Json, type, InProcessEntityHost.Json);

        public override void SetState(object? state) => Json = state is null ? null : JsonSerializer.Serialize(state, state.GetType(), InProcessEntityHost.Json);
    }

    private sealed class Operation(string name, string? input, TaskEntityContext context, TaskEntityState state) : TaskEntityOperation
    {
        public override string Name { get; } = name;

        public override TaskEntityContext Context { get; } = context;

        public override TaskEntityState State { get; } = state;

        public override bool HasInput => input is not null;

        public override object? GetInput(Type inputType) => input is null ? null : JsonSerializer.Deserialize(input, inputType, Json);
    }

    private sealed class Context(EntityInstanceId id, List<(EntityInstanceId, string, object?)> signals) : TaskEntityContext
    {
        public override EntityInstanceId Id { get; } = id;

        public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) =>
            signals.Add((id, operationName, input));

        public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null) =>
            throw new NotSupportedException($"The in-process entity host cannot start orchestrations from entity {Id}; start '{name}' from an orchestrator or activity instead.");
    }
}
