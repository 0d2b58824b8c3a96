using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serverless.Api.Analysis;
using Serverless.Api.Catalog;
using Serverless.Api.Execution;
using Serverless.Api.Planning;
using Serverless.Api.Tests.Doubles;
using Serverless.Local.Commands;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Ports;

namespace Serverless.Api.Tests;

/// <summary>`serverless serve`'s application on a TestServer, with the engine-side ports replaced by doubles.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public InMemoryAnnotationStore Annotations { get; } = new();

    public FakeExecutionService Executions { get; } = new();

    public FakePlanner Planner { get; } = new();

    public FakeAnalyzer Analyzer { get; } = new();

    public RecordingWorkerPools Pools { get; } = new();

    public FakeCatalog Catalog { get; } = new();

    /// <summary>The app's services (the engine's hosted service is removed, its market is there).</summary>
    public IServiceProvider Services => _app!.Services;

    public int SideEffects => Annotations.Count + Executions.Submissions.Count + Pools.Calls;

    public static async Task<ApiHost> StartAsync(ServeSettings? settings = null, Action<IServiceCollection>? configure = null)
    {
        var host = new ApiHost();
        host._app = ServeCommand.CreateApp(
            settings ?? new ServeSettings(),
            services =>
            {
                services.AddSingleton<IAnnotationStore>(host.Annotations);
                services.AddSingleton<IExecutionService>(host.Executions);
                services.AddSingleton<IPlanPreviewer>(host.Planner);
                services.AddSingleton<ISourceAnalyzer>(host.Analyzer);
                services.AddSingleton<IWorkerPoolHost>(host.Pools);
                services.AddSingleton<IManifestCatalog>(host.Catalog);
                services.RemoveAll<IHostedService>(); // the doubles replace the embedded engine
                configure?.Invoke(services);
            },
            web => web.UseTestServer());
        await host._app.StartAsync();
        host.Client = host._app.GetTestClient();
        return host;
    }

    public static StringContent Json(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    public Task<HttpResponseMessage> PostAsync(string path, string body) => Client.PostAsync(path, Json(body));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
