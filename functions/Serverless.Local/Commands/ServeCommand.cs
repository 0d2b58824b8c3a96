using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Api;
using Serverless.Api.Dashboard;
using Serverless.Api.Http;
using Serverless.Azure.Annotations;
using Serverless.Local.Provisioning;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Annotations;
using Serverless.Orchestrations.Ports;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless serve [--urls http://127.0.0.1:7071] [--storage &lt;conn&gt;|azurite]`: the embedded engine plus the HTTP API on
/// Kestrel, with the same routes and bodies as the Functions app. Binds to 127.0.0.1 unless told otherwise; when
/// SERVERLESS_API_KEY is set every /api request must carry it in x-functions-key.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <summary>The environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "SERVERLESS_API_KEY";

    /// <summary>Where `serve` listens unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public string Name => "serve";

    public string Summary => "run the HTTP API and the embedded engine on Kestrel (no Core Tools needed)";

    public string Usage => "serverless serve [--urls http://127.0.0.1:7071] [--storage <connection string>|azurite] [--trace console|otlp|none]";

    /// <summary>
    /// Builds the serve application: Kestrel (or, in tests, whatever <paramref name="configureHost"/> sets up), the
    /// API key check, the API routes and the embedded engine's services. <paramref name="configureServices"/> runs last
    /// and may replace any port; a <see cref="StorageSession"/> it registers puts annotations, state and queues on
    /// Azure Storage.
    /// </summary>
    public static WebApplication CreateApp(ServeSettings settings, Action<IServiceCollection>? configureServices = null, Action<IWebHostBuilder>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "serverless" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(settings.Urls);
        configureHost?.Invoke(builder.WebHost);

        var services = builder.Services;
        services.AddServerlessApi();
        services.TryAddSingleton<IAnnotationStore>(sp => sp.GetService<StorageSession>() is { } storage
            ? TableAnnotationStore.FromConnectionString(storage.ConnectionString)
            : new InMemoryAnnotationStore());

        services.TryAddSingleton<IProvisioner>(sp => new LocalProvisioner(sp.GetRequiredService<IWorkerPoolHost>()));
        EmbeddedEngineServices.Add(services, settings);
        configureServices?.Invoke(services);

        var app = builder.Build();
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseMiddleware<ApiKeyMiddleware>(settings.ApiKey));
        }

        app.MapServerlessApi();
        app.MapServerlessDashboard();
        return app;
    }

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        var settings = Parse(args) with { ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable) };
        await using var storage = settings.Storage is { } option ? await option.OpenAsync().ConfigureAwait(false) : null;
        await using var app = CreateApp(settings, storage is null ? null : services => services.AddSingleton(storage));
        await app.StartAsync().ConfigureAwait(false);
        if (storage is not null)
        {
            await stdout.WriteLineAsync($"serverless serve: annotations, engine state and bus on Azure Storage: {storage.Description} (queues under '{storage.QueuePrefix}', deleted when serve stops)").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"serverless serve: listening on {settings.Urls} (API under /api; {(string.IsNullOrEmpty(settings.ApiKey) ? "no API key required" : "x-functions-key required")}; Ctrl+C stops)").ConfigureAwait(false);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>Parses the command line; throws <see cref="UsageException"/> naming the bad option.</summary>
    public static ServeSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new ServeSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--urls":
                    settings = settings with { Urls = RequireUrls(value) };
                    i++;
                    break;
                case "--storage":
                    settings = settings with { Storage = StorageOption.Parse(value) };
                    i++;
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}'");
            }
        }

        return settings;
    }

    private static string RequireUrls(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException("--urls needs a value such as http://127.0.0.1:7071 (several separated by ';')");
        }

        foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                throw new UsageException($"--urls: '{url}' is not a URL like http://127.0.0.1:7071 (scheme http or https, no path)");
            }
        }

        return value;
    }
}
