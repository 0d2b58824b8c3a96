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
        services.AddSingleton(SampleFunctionApp.Catalogue());
        services.AddServerlessHttpApi(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<DurableExecutionService>(provider.GetRequiredService<IExecutionService>());
        Assert.IsType<GeneratedSegmentRunner>(provider.GetRequiredService<ISegmentRunner>());
        var catalog = provider.GetRequiredService<RegistryManifestCatalog>();
        Assert.Same(catalog.Catalogue, provider.GetRequiredService<SplitFunctionRegistry>());
        Assert.NotEmpty(catalog.Catalogue.All);
        Assert.Equal(catalog.Functions.Select(f => f.Function).Order(), catalog.Catalogue.All.Select(e => e.Id).Order());
    }

    [Fact]
    public void FunctionDiscovery_SampleFunctionApp_FindsTheFunctionsOfTheLibrariesItReferences()
    {
        var catalogue = SampleFunctionApp.Catalogue();

        Assert.Contains(catalogue.All, f => f.Id == "Serverless.Samples.LoanSchedule.Amortize");
        Assert.Equal(
            SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.LoanSchedule).Assembly).All.Select(f => f.Id),
            catalogue.All.Select(f => f.Id));
    }

    [Fact]
    public void FunctionsIntegration_ReferencesNoSamples_DirectlyOrThroughTheProductsLibraries()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<System.Reflection.Assembly>([typeof(Serverless.Functions.Engine.WorkQueueFunctions).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Serverless.", StringComparison.Ordinal)))
            {
                Assert.False(reference.Name!.StartsWith("Serverless.Samples", StringComparison.Ordinal), $"{assembly.GetName().Name} references {reference.Name}");
                if (seen.Add(reference.Name))
                {
                    pending.Push(System.Reflection.Assembly.Load(reference));
                }
            }
        }

        Assert.Contains("Serverless.Hosting", seen);
    }
}
