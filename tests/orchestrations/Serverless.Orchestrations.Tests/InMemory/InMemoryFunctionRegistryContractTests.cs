using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Orchestrations.Tests.InMemory;

public sealed class InMemoryFunctionRegistryContractTests : FunctionRegistryContractTests
{
    protected override IFunctionRegistry Registry { get; } = new InMemoryFunctionRegistry();
}
