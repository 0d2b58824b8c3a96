namespace Serverless.Local.Telemetry;

/// <summary>Where the CLI sends its spans.</summary>
public enum TraceExporterKind
{
    /// <summary>Not exported (the default: `run` keeps its stdout to the JSON answer).</summary>
    None,

    /// <summary>One line per span on stderr, for people reading the terminal.</summary>
    Console,

    /// <summary>OpenTelemetry protocol, configured by the standard OTEL_EXPORTER_OTLP_* environment variables.</summary>
    Otlp,
}
