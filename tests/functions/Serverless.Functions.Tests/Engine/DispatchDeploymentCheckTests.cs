using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Api.Catalog;
using Serverless.Azure.Messaging;
using Serverless.Contracts.Plans;
using Serverless.Functions.Http;
using Serverless.Orchestrations.Activities;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Dispatch;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Worker;
using Serverless.TestSupport;

namespace Serverless.Functions.Tests.Engine;

/// <summary>
/// The dispatch activity as the Functions app creates it (<c>ActivatorUtilities</c> over the app's services, as
/// <see cref="Serverless.Functions.Engine.EngineFunctions"/> does) with <c>Serverless__Dispatch__Undeployed=fail</c>:
/// the Table registry on Azurite decides which work items go to their region's queue and which are reported failed on
/// the completion queue instead.
/// </summary>
[Collection(StorageFixture.Collection)]
public sealed class DispatchDeploymentCheckTests(StorageFixture storage)
{
    [Fact]
    public async Task DispatchUnits_UndeployedFail_SendsTheDeployedItemAndReportsTheOtherFailedNamingIt()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Serverless:StorageConnection"] = storage.ConnectionString,
            ["Serverless:StorageAccountName"] = "",
            ["Serverless:Dispatch:Undeployed"] = "fail",
        };
        var bus = StorageQueueMessageBus.FromConnectionString(storage.ConnectionString);
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton<IMessageBus>(bus)
            .AddSingleton<IStateStore>(new InMemoryStateStore())
            .AddServerlessHttpApi(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var version = services.GetRequiredService<IManifestCatalog>().PackageVersion;
        var functionId = $"Demo.Check.{storage.UniqueName("f")}";
        var (deployed, missing) = (storage.UniqueName("r"), storage.UniqueName("r"));
        var completions = storage.UniqueName("done");
        await services.GetRequiredService<IFunctionRegistry>().RecordAsync(
            [new VirtualFunction(VirtualFunction.IdentifierFor(functionId, 0, deployed), functionId, 0, [0], deployed, 512, 30, version)],
            DateTimeOffset.UnixEpoch);

        WorkItem Item(int unit, string region) => new()
        {
            ExecutionId = "exec-check",
            InstanceId = "exec-check",
            FunctionId = functionId,
            UnitId = unit,
            Attempt = 1,
            Segments = [unit],
            Region = region,
            CompletionQueue = completions,
        };

        var activity = ActivatorUtilities.CreateInstance<DispatchUnitsActivity>(services);
        var sent = await activity.RunAsync(new Serverless.Functions.Engine.FunctionActivityContext(nameof(DispatchUnitsActivity), "exec-check"), new DispatchRequest("exec-check", [Item(0, deployed), Item(1, missing)]));

        Assert.Equal(1, sent);
        Assert.Single(await ReceiveAsync(QueueNames.Work(deployed)));
        Assert.Empty(await ReceiveAsync(QueueNames.Work(missing)));
        var reader = new Serverless.Functions.Engine.StorageQueueEnvelopeReader((_, _) => throw new InvalidOperationException("no blob expected"));
        var (message, error) = await reader.ReadAsync(Assert.Single(await ReceiveAsync(completions)).MessageText);
        Assert.True(message is not null, error);
        var completed = EngineMessages.ReadCompletion(message, out var readError);
        Assert.True(completed is not null, readError);
        Assert.False(completed.Succeeded);
        Assert.Equal(1, completed.UnitId);
        Assert.Equal(DeploymentCheck.UndeployedFunctionType, completed.Error!.Type);
        Assert.Contains($"{functionId}/u1@{missing}", completed.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"package version {version}", completed.Error.Message, StringComparison.Ordinal);
    }

    private async Task<List<global::Azure.Storage.Queues.Models.QueueMessage>> ReceiveAsync(string queue)
    {
        var client = new QueueClient(storage.ConnectionString, queue);
        await client.CreateIfNotExistsAsync();
        return [.. (await client.ReceiveMessagesAsync(maxMessages: 32)).Value];
    }
}
