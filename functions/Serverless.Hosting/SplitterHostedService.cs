using Microsoft.Extensions.Hosting;
using Serverless.Annotations.Runtime;
using Serverless.Hosting.Engine;
using Serverless.Hosting.Interception;

namespace Serverless.Hosting;

/// <summary>
/// Installs the engine-backed interception handler when the host starts (after starting the embedded engine, when one
/// is used) and removes it when the host stops: from then on, calls to <c>[Splitable]</c> methods run directly again.
/// </summary>
public sealed class SplitterHostedService : IHostedService, IDisposable
{
    private readonly EngineSplitCallHandler _handler;
    private readonly EmbeddedSplitEngine? _embedded;
    private SpanLines? _spans;

    public SplitterHostedService(EngineSplitCallHandler handler, EmbeddedSplitEngine? embedded = null)
    {
        _handler = handler;
        _embedded = embedded;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (SpanLines.Requested)
        {
            _spans ??= new SpanLines(Console.Error);
        }

        if (_embedded is not null)
        {
            await _embedded.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        SplitRuntime.Handler = _handler;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (ReferenceEquals(SplitRuntime.Handler, _handler))
        {
            SplitRuntime.Handler = null;
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }

        Dispose();
    }

    public void Dispose()
    {
        _spans?.Dispose();
        _spans = null;
    }
}
