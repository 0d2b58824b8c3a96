using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Integration.Tests.Engine;

/// <summary>
/// An Azure SDK pipeline policy that cuts a client off the service on <see cref="Sever"/>: every later request fails
/// before it leaves the process, as after a crash (nothing is received, renewed, deleted or abandoned any more).
/// </summary>
public sealed class SeverablePolicy : HttpPipelinePolicy
{
    private int _severed;
    private int _blocked;

    /// <summary>Requests refused since the cut (settlements, renewals, receives the dead process would have made).</summary>
    public int Blocked => Volatile.Read(ref _blocked);

    public void Sever() => Volatile.Write(ref _severed, 1);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfSevered(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfSevered(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfSevered(HttpMessage message)
    {
        if (Volatile.Read(ref _severed) == 1)
        {
            Interlocked.Increment(ref _blocked);
            throw new RequestFailedException($"The connection was severed (a simulated crash): {message.Request.Method} {message.Request.Uri.Path} was not sent.");
        }
    }
}
