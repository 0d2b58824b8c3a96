using System.Net;
using System.Net.Sockets;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Serverless.Local.Backends;

/// <summary>
/// A Durable Task engine over any DurableTask.Core <see cref="IOrchestrationService"/>: InProcessTestHost's gRPC
/// sidecar (<see cref="TaskHubGrpcServer"/>) on a loopback port, and a <c>Microsoft.DurableTask</c> gRPC worker and
/// client connected to it. This is <c>DurableTaskTestHost.StartAsync</c> (InProcessTestHost 0.2.3-preview.1) with the
/// backend passed in instead of its in-memory service, and a free port instead of a random one.
/// </summary>
public sealed class SidecarHost : IAsyncDisposable
{
    /// <summary>How long stopping the backend may take before it is left to its leases (see
    /// <see cref="BoundedStopOrchestrationService"/>).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;

    private SidecarHost(IHost sidecar, IHost worker, GrpcChannel channel, string address)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Address = address;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>The worker host's services (what <c>configureServices</c> registered).</summary>
    public IServiceProvider Services => _worker.Services;

    /// <summary>The sidecar's gRPC address.</summary>
    public string Address { get; }

    /// <summary>
    /// Starts the sidecar over <paramref name="service"/> (which it starts once the worker connects) and the worker
    /// hosting <paramref name="registry"/>'s tasks. The backend must already exist (task hub created).
    /// </summary>
    public static async Task<SidecarHost> StartAsync(
        IOrchestrationService service,
        IOrchestrationServiceClient client,
        Action<DurableTaskRegistry> registry,
        Action<IServiceCollection>? configureServices = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(registry);
        var address = "http://127.0.0.1:" + FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sidecar = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => QuietLogging(logging, loggerFactory))
            .ConfigureWebHostDefaults(web =>
            {
                web.UseUrls(address);
                web.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
                web.ConfigureServices(services =>
                {
                    services.AddGrpc();
                    services.AddSingleton<IOrchestrationService>(new BoundedStopOrchestrationService(
                        service,
                        StopTimeout,
                        (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<SidecarHost>()));
                    services.AddSingleton(client);
                    services.AddSingleton<TaskHubGrpcServer>();
                });
                web.Configure(app =>
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapGrpcService<TaskHubGrpcServer>());
                });
            })
            .Build();
        try
        {
            await sidecar.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            sidecar.Dispose();
            throw;
        }

        var channel = GrpcChannel.ForAddress(address);
        var worker = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => QuietLogging(logging, loggerFactory))
            .ConfigureServices(services =>
            {
                configureServices?.Invoke(services);
                services.AddDurableTaskWorker(builder =>
                {
                    builder.UseGrpc(channel);
                    builder.AddTasks(registry);
                });
                services.AddDurableTaskClient(builder =>
                {
                    builder.UseGrpc(channel);
                    builder.RegisterDirectly();
                });
            })
            .Build();
        try
        {
            await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.Dispose();
            channel.Dispose();
            await sidecar.StopAsync(CancellationToken.None).ConfigureAwait(false);
            sidecar.Dispose();
            throw;
        }

        return new SidecarHost(sidecar, worker, channel, address);
    }

    /// <summary>Stops the worker, then the sidecar (which stops the backend's dispatchers and the service).</summary>
    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync().ConfigureAwait(false);
        _worker.Dispose();
        await _channel.ShutdownAsync().ConfigureAwait(false);
        _channel.Dispose();
        await _sidecar.StopAsync().ConfigureAwait(false);
        _sidecar.Dispose();
    }

    /// <summary>The default hosts log every work item to the console; only the caller's logger factory gets logs.</summary>
    private static void QuietLogging(ILoggingBuilder logging, ILoggerFactory? loggerFactory)
    {
        logging.ClearProviders();
        if (loggerFactory is not null)
        {
            logging.Services.AddSingleton(loggerFactory);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
