using System.Net;
using System.Net.Sockets;
using Serverless.Development;
using Serverless.TestSupport;

namespace Serverless.Local.Tests.MultiProcess;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcessCollection : ICollectionFixture<MultiProcessFixture>
{
    public const string Name = "MultiProcess";
}

/// <summary>
/// One storage account for the multi-process tests: <see cref="StorageFixture.EnvironmentVariable"/> when set, else
/// Azurite from node_modules (stopped by pid at the end). When Azurite cannot start, <see cref="SkipReason"/> says why
/// and the tests skip with it.
/// </summary>
public sealed class MultiProcessFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    public string? ConnectionString { get; private set; }

    public string? SkipReason { get; private set; }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(StorageFixture.EnvironmentVariable) is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        try
        {
            _azurite = await AzuriteLauncher.StartAsync(TimeSpan.FromSeconds(60));
            ConnectionString = _azurite.ConnectionString;
        }
        catch (AzuriteUnavailableException ex)
        {
            SkipReason = "Azurite cannot start here, so the multi-process tests cannot share storage: " + ex.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>The connection string, or a skip with the reason.</summary>
    public string RequireStorage()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return ConnectionString!;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A task hub of this test only (letters and digits).</summary>
    public static string NewTaskHub() => "mp" + Guid.NewGuid().ToString("N")[..12];
}
