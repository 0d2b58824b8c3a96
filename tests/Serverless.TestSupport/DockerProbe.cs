using System.Net.Sockets;
using System.Text;

namespace Serverless.TestSupport;

/// <summary>Asks the local Docker engine "are you there?" over its Unix socket, in well under a second.</summary>
public static class DockerProbe
{
    public const string SocketPath = "/var/run/docker.sock";

    /// <summary>True when <see cref="SocketPath"/> answers <c>GET /_ping</c> with OK.</summary>
    public static async Task<bool> IsAvailableAsync(TimeSpan? timeout = null)
    {
        if (!File.Exists(SocketPath))
        {
            return false;
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(1));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cts.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("HTTP/1.", StringComparison.Ordinal) && answer.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
