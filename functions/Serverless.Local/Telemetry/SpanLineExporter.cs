using System.Diagnostics;
using System.Text;
using OpenTelemetry;
using Serverless.Hosting;

namespace Serverless.Local.Telemetry;

/// <summary>
/// `--trace console`: one line per finished span on a writer (stderr), so stdout keeps only the command's answer.
/// <c>trace &lt;name&gt; &lt;ms&gt; ms trace=&lt;id&gt; span=&lt;id&gt; parent=&lt;id|-&gt; [status=…] key=value…</c>.
/// </summary>
public sealed class SpanLineExporter : BaseExporter<Activity>
{
    private readonly TextWriter _writer;

    public SpanLineExporter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var text = new StringBuilder();
        foreach (var span in batch)
        {
            text.AppendLine(Format(span));
        }

        try
        {
            lock (_writer)
            {
                _writer.Write(text.ToString());
                _writer.Flush();
            }

            return ExportResult.Success;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return ExportResult.Failure;
        }
    }

    /// <summary>The line for one span (the same format as an app's <c>SERVERLESS_TRACE=console</c>).</summary>
    public static string Format(Activity span) => SpanLines.Format(span);
}
