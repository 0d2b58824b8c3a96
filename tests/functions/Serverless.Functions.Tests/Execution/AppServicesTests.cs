using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Adapters;
using Serverless.Api.Execution;
using Serverless.Functions.Execution;
using Serverless.Functions.Http;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Functions.Tests.Execution;

/// <summary>The app's DI: the API's execution service and the regional role's segment runner are registered.</summary>
public sealed class AppServicesTests
{
    [Fact]
    public void AddServerlessHttpApi_AppServices_ResolveTheDurableServiceAndTheGeneratedRunnerOverOneCatalogue()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IStateStore, InMemoryStateStore>();
        services.AddServerlessHttpApi(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<DurableExecutionService>(provider.GetRequiredService<IExecutionService>());
        Assert.IsType<GeneratedSegmentRunner>(provider.GetRequiredService<ISegmentRunner>());
        var catalog = provider.GetRequiredService<RegistryManifestCatalog>();
        Assert.Same(catalog.Catalogue, provider.GetRequiredService<SplitFunctionRegistry>());
        Assert.NotEmpty(catalog.Catalogue.All);
        Assert.Equal(catalog.Functions.Select(f => f.Function).Order(), catalog.Catalogue.All.Select(e => e.Id).Order());
    }
}
