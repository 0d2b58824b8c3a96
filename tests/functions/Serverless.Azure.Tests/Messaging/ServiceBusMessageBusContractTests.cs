using Serverless.Azure.Messaging;
using Serverless.Orchestrations.Ports;
using Serverless.TestSupport;

namespace Serverless.Azure.Tests.Messaging;

/// <summary>
/// The bus contract against a real Service Bus namespace, when <c>SERVERLESS_TEST_SERVICEBUS</c> holds its connection
/// string (with Manage rights: the tests create their queues). Without it every test reports itself skipped.
/// </summary>
public sealed class ServiceBusMessageBusContractTests : MessageBusContractTests
{
    public const string EnvironmentVariable = "SERVERLESS_TEST_SERVICEBUS";

    protected override IMessageBus CreateBus()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        Skip.If(string.IsNullOrEmpty(connectionString), $"SKIPPED: no Service Bus here; set {EnvironmentVariable} to a namespace connection string (Manage rights) to run the Service Bus contract suite.");
        return ServiceBusMessageBus.FromConnectionString(connectionString!, new ServiceBusMessageBusOptions { QueueLockDuration = TimeSpan.FromSeconds(5) });
    }
}
