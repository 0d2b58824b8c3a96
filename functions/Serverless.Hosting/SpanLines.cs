using System.Diagnostics;
using System.Globalization;
using System.Text;
using Serverless.Orchestrations.Observability;

namespace Serverless.Hosting;

/// <summary>
/// <c>SERVERLESS_TRACE=console</c> for an app: one line per finished span of the splitter (plan, auction, dispatch,
/// unit, complete) on a writer (stderr), in the format of the CLI's <c>--trace console</c>:
/// <c>trace &lt;name&gt; &lt;ms&gt; ms trace=&lt;id&gt; span=&lt;id&gt; parent=&lt;id|-&gt; [status=…] key=value…</c>.
/// </summary>
public sealed class SpanLines : IDisposable
{
    /// <summary>The environment variable that turns console spans on (value <c>console</c>).</summary>
    public const string Variable = "SERVERLESS_TRACE";

    private readonly ActivityListener _listener;

    public SpanLines(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SplitterTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (writer)
                {
                    writer.WriteLine(Format(span));
                    writer.Flush();
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>True when the environment asks for console spans.</summary>
    public static bool Requested => string.Equals(Environment.GetEnvironmentVariable(Variable), "console", StringComparison.OrdinalIgnoreCase);

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

    public void Dispose() => _listener.Dispose();
}
