using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;

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

    /// <summary>The line for one span.</summary>
    public static string Format(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"trace {span.DisplayName} {span.Duration.TotalMilliseconds:0.###} ms trace={span.TraceId} span={span.SpanId} parent=");
        line.Append(span.ParentSpanId == default ? "-" : span.ParentSpanId.ToHexString());
        if (span.Status != ActivityStatusCode.Unset)
        {
            line.Append(" status=").Append(span.Status.ToString().ToLowerInvariant());
            if (!string.IsNullOrEmpty(span.StatusDescription))
            {
                line.Append(CultureInfo.InvariantCulture, $" error=\"{span.StatusDescription}\"");
            }
        }

        foreach (var tag in span.TagObjects)
        {
            line.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
        }

        return line.ToString();
    }
}
