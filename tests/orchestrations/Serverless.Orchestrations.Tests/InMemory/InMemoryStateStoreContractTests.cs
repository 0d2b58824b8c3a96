using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Orchestrations.Tests.InMemory;

public sealed class InMemoryStateStoreContractTests : StateStoreContractTests
{
    protected override IStateStore Store { get; } = new InMemoryStateStore();

    [Fact]
    public async Task PutAsync_CallerMutatesItsBufferAfterwards_StoredValueUnchanged()
    {
        var buffer = new byte[] { 1, 2, 3 };
        var key = new StateKey(NewExecutionId(), "v", "u");
        await Store.PutAsync(key, buffer);
        buffer[0] = 99;
        var read = await Store.GetAsync(key);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.ToArray());
    }
}
