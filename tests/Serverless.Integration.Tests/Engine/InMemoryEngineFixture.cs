using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;

namespace Serverless.Integration.Tests.Engine;

/// <summary>The engine on the in-memory state store and bus.</summary>
public sealed class InMemoryEngineFixture : EngineFixture
{
    private readonly InMemoryMessageBus _bus = new(TimeProvider.System);

    public override string Backend => "in-memory store and bus";

    public override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new InMemoryStateStore());

    public override IMessageBus CreateBus(bool isolated) => isolated ? new InMemoryMessageBus(TimeProvider.System) : _bus;

    public override (IMessageBus Bus, Action Sever) OpenSeverableConnection()
    {
        var connection = _bus.OpenConnection();
        return (connection, connection.Sever);
    }
}
