using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Serverless.Development;

namespace Serverless.Development.Tests;

public sealed class AzuriteLauncherTests
{
    [Fact]
    public void FindAzuriteScript_FromTheTestOutputDirectory_FindsTheRepositoryInstall()
    {
        var script = AzuriteLauncher.FindAzuriteScript();
        Assert.NotNull(script);
        Assert.EndsWith(Path.Combine("node_modules", "azurite", "dist", "src", "azurite.js"), script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ThenDispose_ServesTablesOnItsPortsAndKillsItsProcess()
    {
        int pid;
        int tablePort;
        await using (var azurite = await AzuriteLauncher.StartAsync())
        {
            pid = azurite.ProcessId;
            tablePort = azurite.TablePort;
            Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Distinct().Count());
            var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("launchertest");
            await table.CreateIfNotExistsAsync();
            await table.UpsertEntityAsync(new TableEntity("p", "r") { ["x"] = 1 });
            Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("x"));
        }

        Assert.False(IsRunning(pid), $"Azurite (pid {pid}) still runs after dispose");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", tablePort));
    }

    [Fact]
    public void BuildConnectionString_Ports_AreTheEndpoints()
    {
        var cs = AzuriteLauncher.BuildConnectionString(1, 2, 3);
        Assert.Contains("BlobEndpoint=http://127.0.0.1:1/devstoreaccount1", cs, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=http://127.0.0.1:2/devstoreaccount1", cs, StringComparison.Ordinal);
        Assert.Contains("TableEndpoint=http://127.0.0.1:3/devstoreaccount1", cs, StringComparison.Ordinal);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
