namespace Serverless.Local.Telemetry;

/// <summary>
/// Tracing of `serverless run|serve|demo`: `--trace console|otlp|none`, else <c>SERVERLESS_TRACE</c>, else OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set, else off.
/// <c>OTEL_SDK_DISABLED=true</c> turns tracing off unless <c>--trace</c> asks for it.
/// </summary>
public sealed record TraceSettings(TraceExporterKind Exporter, string Reason)
{
    public const string Option = "--trace";

    public const string Variable = "SERVERLESS_TRACE";

    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string OtlpTracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    public const string SdkDisabledVariable = "OTEL_SDK_DISABLED";

    /// <summary>What the option and the variable accept.</summary>
    public const string Values = "console, otlp or none";

    public static TraceSettings Off { get; } = new(TraceExporterKind.None, "off by default");

    /// <summary>The OTLP endpoint the environment names (traces-specific first), if any.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>
    /// Takes <c>--trace &lt;value&gt;</c> (or <c>--trace=&lt;value&gt;</c>) out of a command's arguments and decides the
    /// exporter with the environment. Bad values are a <see cref="UsageException"/> naming the option or variable.
    /// </summary>
    public static (TraceSettings Settings, string[] Remaining) Extract(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        string? option = null;
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? value;
            if (a == Option)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"{Option} needs a value: {Values}");
                }

                value = args[++i];
            }
            else if (a.StartsWith(Option + "=", StringComparison.Ordinal))
            {
                value = a[(Option.Length + 1)..];
            }
            else
            {
                rest.Add(a);
                continue;
            }

            if (option is not null)
            {
                throw new UsageException($"{Option} is given twice ('{option}' and '{value}'): give it once");
            }

            option = value;
        }

        var endpoint = Endpoint(environment);
        if (option is not null)
        {
            return (new TraceSettings(Kind(option, $"{Option} must be {Values} (got '{option}')"), $"{Option} {option}") { OtlpEndpoint = endpoint }, [.. rest]);
        }

        var variable = environment(Variable);
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var kind = Kind(variable.Trim(), $"{Variable} must be {Values} (got '{variable}'); unset it to turn tracing off");
            return (new TraceSettings(kind, $"{Variable}={variable.Trim()}") { OtlpEndpoint = endpoint }, [.. rest]);
        }

        if (string.Equals(environment(SdkDisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return (new TraceSettings(TraceExporterKind.None, $"{SdkDisabledVariable}=true"), [.. rest]);
        }

        return endpoint is null
            ? (Off, [.. rest])
            : (new TraceSettings(TraceExporterKind.Otlp, $"{(environment(OtlpTracesEndpointVariable) is { Length: > 0 } ? OtlpTracesEndpointVariable : OtlpEndpointVariable)} is set") { OtlpEndpoint = endpoint }, [.. rest]);
    }

    private static TraceExporterKind Kind(string value, string error) => value.ToLowerInvariant() switch
    {
        "console" => TraceExporterKind.Console,
        "otlp" => TraceExporterKind.Otlp,
        "none" or "off" => TraceExporterKind.None,
        _ => throw new UsageException(error),
    };

    private static string? Endpoint(Func<string, string?> environment)
    {
        foreach (var name in new[] { OtlpTracesEndpointVariable, OtlpEndpointVariable })
        {
            var value = environment(name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"{name} must be an absolute http(s) URL such as http://localhost:4317 (got '{value}')");
            }

            return value;
        }

        return null;
    }
}
