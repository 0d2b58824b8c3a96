using Microsoft.Extensions.Logging;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// One embedded engine (three regions) shared by the end-to-end tests of one backend: the state store and bus are
/// the backend's (<see cref="InMemoryEngineFixture"/>, <see cref="AzuriteEngineFixture"/>).
/// </summary>
public abstract class EngineFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    /// <summary>How long a work item stays invisible after its worker crashed: short, so crash tests redeliver soon.</summary>
    public static readonly TimeSpan WorkerLockDuration = TimeSpan.FromSeconds(3);

    public static Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; } =
        Environment.GetEnvironmentVariable("SERVERLESS_TEST_LOG") is { Length: > 0 } path
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(path)).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug))
            : null;

    public ScriptedRunner Runner { get; } = new();

    public EmbeddedEngine Engine { get; private set; } = null!;

    /// <summary>The shared engine's state store, keeping a copy of what each execution wrote (see <see cref="RecordingStateStore"/>).</summary>
    public RecordingStateStore State { get; private set; } = null!;

    /// <summary>The backend in words (for messages).</summary>
    public abstract string Backend { get; }

    public static EmbeddedEngineOptions EngineOptions(IReadOnlyList<string> regions) =>
        new() { Regions = regions, WorkerLockDuration = WorkerLockDuration };

    public virtual async Task InitializeAsync()
    {
        State = new RecordingStateStore(await CreateStoreAsync());
        Engine = await StartEngineAsync(State, CreateBus(isolated: false));
    }

    public virtual async Task DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }
    }

    /// <summary>Starts another engine on this backend (same runner), for tests that need their own bus or regions.</summary>
    public Task<EmbeddedEngine> StartEngineAsync(IStateStore store, IMessageBus bus, IReadOnlyList<string>? regions = null) =>
        EmbeddedEngine.StartAsync(Runner, EngineOptions(regions ?? Regions), store, bus, loggerFactory: LoggerFactory);

    /// <summary>A state store of this backend.</summary>
    public abstract Task<IStateStore> CreateStoreAsync();

    /// <summary>
    /// A bus of this backend: on the shared engine's queues, or (<paramref name="isolated"/>) on queues of its own, so
    /// that a second engine does not take the first one's messages.
    /// </summary>
    public abstract IMessageBus CreateBus(bool isolated);

    /// <summary>
    /// A connection of its own to the shared engine's queues, and how to sever it: afterwards nothing it sends or
    /// settles reaches the queues, as when the process holding it crashes.
    /// </summary>
    public abstract (IMessageBus Bus, Action Sever) OpenSeverableConnection();
}
