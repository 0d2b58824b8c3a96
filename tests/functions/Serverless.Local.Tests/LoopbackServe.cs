using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Local.Commands;

namespace Serverless.Local.Tests;

/// <summary>A real `serve` (Kestrel on a free loopback port, the in-memory engine) for tests of the remote commands.</summary>
public sealed class LoopbackServe : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServe(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address serve listens on (<c>http://127.0.0.1:port</c>).</summary>
    public string Url { get; }

    public static async Task<LoopbackServe> StartAsync()
    {
        var app = ServeCommand.CreateApp(new ServeSettings { Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        return new LoopbackServe(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
