using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serverless.Orchestrations.Observability;

namespace Serverless.Local.Telemetry;

/// <summary>
/// The CLI's OpenTelemetry tracer: the engine's spans (<see cref="SplitterTelemetry.SourceName"/>: plan, auction,
/// dispatch, unit, complete) to stderr (<see cref="SpanLineExporter"/>) or by OTLP. Disposing it flushes what is left.
/// </summary>
public static class CliTracing
{
    /// <summary>The service name spans carry unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise.</summary>
    public const string ServiceName = "serverless";

    /// <summary>
    /// Starts tracing as the settings say (null when off) and says on stderr where spans go. <paramref name="configureOtlp"/>
    /// runs after the standard OTEL_EXPORTER_OTLP_* variables are applied (tests point it at a local collector).
    /// </summary>
    public static TracerProvider? Start(TraceSettings settings, TextWriter stderr, Action<OtlpExporterOptions>? configureOtlp = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stderr);
        if (settings.Exporter == TraceExporterKind.None)
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(ServiceName, serviceVersion: typeof(CliTracing).Assembly.GetName().Version?.ToString()).AddEnvironmentVariableDetector())
            .AddSource(SplitterTelemetry.SourceName);
        string where;
        if (settings.Exporter == TraceExporterKind.Console)
        {
            builder.AddProcessor(new SimpleActivityExportProcessor(new SpanLineExporter(stderr)));
            where = "spans on stderr, one line each";
        }
        else
        {
            builder.AddOtlpExporter(o => configureOtlp?.Invoke(o));
            where = "spans by OTLP to " + (settings.OtlpEndpoint ?? "the default endpoint (http://localhost:4317, gRPC)");
        }

        stderr.WriteLine($"serverless: tracing ({settings.Reason}): {where}.");
        return builder.Build();
    }
}
