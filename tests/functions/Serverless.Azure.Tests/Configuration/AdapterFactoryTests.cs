using Serverless.Azure.Configuration;
using Serverless.Development;
using Serverless.Azure.Messaging;
using Serverless.Azure.State;
using Serverless.Orchestrations.InMemory;

namespace Serverless.Azure.Tests.Configuration;

public sealed class AdapterFactoryTests
{
    private static readonly string Azurite = AzuriteLauncher.BuildConnectionString(10000, 10001, 10002);

    [Theory]
    [InlineData("memory", typeof(InMemoryMessageBus))]
    [InlineData("storagequeue", typeof(StorageQueueMessageBus))]
    [InlineData("StorageQueue", typeof(StorageQueueMessageBus))]
    [InlineData("servicebus", typeof(ServiceBusMessageBus))]
    public void CreateMessageBus_EachBusSetting_BuildsThatBus(string bus, Type expected)
    {
        var settings = new AdapterSettings { Bus = bus, StorageConnection = Azurite, ServiceBusConnection = "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=a2V5" };
        Assert.IsType(expected, AdapterFactory.CreateMessageBus(settings));
    }

    [Fact]
    public void CreateMessageBus_IdentityBasedSettings_BuildsWithoutSecrets()
    {
        Assert.IsType<StorageQueueMessageBus>(AdapterFactory.CreateMessageBus(new AdapterSettings { StorageAccountName = "acct" }));
        Assert.IsType<ServiceBusMessageBus>(AdapterFactory.CreateMessageBus(new AdapterSettings { Bus = "servicebus", ServiceBusNamespace = "ns.servicebus.windows.net" }));
        Assert.IsType<TableStateStore>(AdapterFactory.CreateStateStore(new AdapterSettings { StorageAccountName = "acct", ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001" }));
    }

    [Fact]
    public void CreateStateStore_InlineLimitSetting_IsApplied()
    {
        var store = Assert.IsType<TableStateStore>(AdapterFactory.CreateStateStore(new AdapterSettings { StorageConnection = Azurite, InlineLimitBytes = 1000 }));
        Assert.Equal(1000, store.Options.InlineLimitBytes);
    }

    [Fact]
    public void CreateMessageBus_UnknownBus_ThrowsListingTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => AdapterFactory.CreateMessageBus(new AdapterSettings { Bus = "kafka" }));
        Assert.Contains("'kafka'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'storagequeue', 'servicebus' or 'memory'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateStateStore_NoStorageConfigured_ThrowsNamingBothSettings()
    {
        var ex = Assert.Throws<ArgumentException>(() => AdapterFactory.CreateStateStore(new AdapterSettings()));
        Assert.Contains("Serverless__StorageConnection", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless__StorageAccountName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateMessageBus_ServiceBusWithoutConnectionOrNamespace_ThrowsNamingBothSettings()
    {
        var ex = Assert.Throws<ArgumentException>(() => AdapterFactory.CreateMessageBus(new AdapterSettings { Bus = "servicebus" }));
        Assert.Contains("Serverless__ServiceBusConnection", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless__ServiceBusNamespace", ex.Message, StringComparison.Ordinal);
    }
}
