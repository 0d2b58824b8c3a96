using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Serverless.Orchestrations.Tests.Market;

/// <summary>
/// Test doubles for running an entity through <see cref="ITaskEntity.RunAsync"/> without a host, as
/// durabletask-dotnet's own entity tests do: the state is kept serialised between operations (like a backend), the
/// input is serialised and read back, and signals are recorded.
/// </summary>
public sealed class TestEntityState(string? json = null) : TaskEntityState
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public string? Json { get; private set; } = json;

    public override bool HasState => Json is not null;

    public override object? GetState(Type type) => Json is null ? null : JsonSerializer.Deserialize(Json, type, Options);

    public override void SetState(object? state) => Json = state is null ? null : JsonSerializer.Serialize(state, state.GetType(), Options);
}

public sealed class TestEntityContext(EntityInstanceId id) : TaskEntityContext
{
    public List<(EntityInstanceId Id, string Operation, object? Input)> Signals { get; } = [];

    public override EntityInstanceId Id { get; } = id;

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) =>
        Signals.Add((id, operationName, input));

    public override string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null) =>
        throw new NotSupportedException();
}

public sealed class TestEntityOperation(string name, object? input, TaskEntityContext context, TaskEntityState state) : TaskEntityOperation
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    private readonly string? _input = input is null ? null : JsonSerializer.Serialize(input, input.GetType(), Options);

    public override string Name { get; } = name;

    public override TaskEntityContext Context { get; } = context;

    public override TaskEntityState State { get; } = state;

    public override bool HasInput => _input is not null;

    public override object? GetInput(Type inputType) => _input is null ? null : JsonSerializer.Deserialize(_input, inputType, Options);
}

/// <summary>One entity instance driven by the doubles: each call runs a fresh entity object over the stored state.</summary>
public sealed class EntityDriver<TEntity>(string key)
    where TEntity : ITaskEntity, new()
{
    public TestEntityState State { get; } = new();

    public TestEntityContext Context { get; } = new(new EntityInstanceId(typeof(TEntity).Name, key));

    public async Task<T?> CallAsync<T>(string operation, object? input = null) => (T?)await CallAsync(operation, input);

    public async Task<object?> CallAsync(string operation, object? input = null) =>
        await new TEntity().RunAsync(new TestEntityOperation(operation, input, Context, State));
}
