using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Api;
using Serverless.Api.Catalog;
using Serverless.Api.Handlers;
using Serverless.Api.Http;
using Serverless.Azure.Configuration;
using Serverless.Functions.Engine;
using Serverless.Functions.Http;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Tests.Http;

/// <summary>
/// The Functions app's services with the committed sample settings (no ARM settings): every API handler and every
/// HTTP trigger class activates (static ones, the dashboard's and the OpenAPI document's, need no instance); only deploy needs the provisioner, and it says which settings are missing.
/// </summary>
public sealed class HttpApiServicesTests
{
    [Fact]
    public void AddServerlessHttpApi_SampleSettings_ResolvesEveryHandlerAndTriggerWithoutAProvisioner()
    {
        using var provider = SampleApp();
        Assert.Null(provider.GetService<IProvisioner>());
        Assert.Equal(7, ServerlessApiEndpoints.HandlerTypes.Count);
        Assert.IsType<Serverless.Functions.Market.EntityMarketReader>(provider.GetRequiredService<Serverless.Api.Market.IMarketReader>());
        foreach (var handler in ServerlessApiEndpoints.HandlerTypes)
        {
            Assert.IsType(handler, provider.GetRequiredService(handler));
        }

        var triggers = typeof(AnnotationApiFunctions).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AnnotationApiFunctions).Namespace && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.Equal(17, triggers.SelectMany(t => t.GetMethods()).Count(m => m.GetCustomAttribute<FunctionAttribute>() is not null)); // with FunctionGet (GET /api/function/{id}) and the market route
        foreach (var trigger in triggers.Where(t => !(t.IsAbstract && t.IsSealed)))
        {
            Assert.IsType(trigger, ActivatorUtilities.CreateInstance(provider, trigger));
        }
    }

    [Fact]
    public async Task Deploy_SampleSettingsWithoutArm_Returns503NamingTheSettingsAndDeploysNothing()
    {
        using var provider = SampleApp();
        var function = provider.GetRequiredService<IManifestCatalog>().Functions[0].Function;
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Request.Method = "POST";
        context.Request.Path = "/api/function/deploy";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { function })));

        var result = Assert.IsType<ProblemResult>(await provider.GetRequiredService<DeployHandler>().DeployAsync(context));
        Assert.Equal(503, result.Problem.Status);
        Assert.Contains("Serverless__SubscriptionId", result.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("Serverless__ResourceGroup", result.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains(function, result.Problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>The app's HTTP API services as Program.cs registers them, from the sample settings (with <paramref name="overrides"/>).</summary>
    internal static ServiceProvider SampleApp(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = SampleSettings(overrides);
        Assert.True(string.IsNullOrEmpty(configuration["Serverless:SubscriptionId"]), "the sample settings are expected to carry no ARM subscription");
        var services = new ServiceCollection();
        services.AddLogging();

        // What Program.cs registers before the HTTP API: the options and the state store from the same settings.
        services.AddOptions<ServerlessOptions>().Bind(configuration.GetSection(ServerlessOptions.Section));
        var adapters = configuration.GetSection(ServerlessOptions.Section).Get<AdapterSettings>() ?? new AdapterSettings();
        configure?.Invoke(services);
        services.TryAddSingleton(_ => AdapterFactory.CreateStateStore(adapters));
        services.AddSingleton(SampleFunctionApp.Catalogue());
        services.AddServerlessHttpApi(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static IConfiguration SampleSettings(IReadOnlyDictionary<string, string?>? overrides)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "local.settings.sample.json")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString()));
        return new ConfigurationBuilder().AddInMemoryCollection(values).AddInMemoryCollection(overrides ?? new Dictionary<string, string?>()).Build();
    }
}
