using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Serverless.Local.Telemetry;
using Serverless.Orchestrations.Observability;

namespace Serverless.Local.Tests;

/// <summary>`--trace` parsing, the choice of exporter with the environment, the CLI's usage errors, and OTLP export.</summary>
[Collection(TracingCollection.Name)]
public sealed class TelemetryCliTests
{
    private static readonly string[] Words = ["Serverless.Samples.X.Y", "--args", "{}", "--units", "every", "--local", "--storage", "azurite", "--only", "a,b"];

    [Fact]
    public void Extract_RandomArgumentsAndEnvironment_PrecedenceOptionThenVariableThenOtlpEndpoint()
    {
        var kinds = new[] { "console", "otlp", "none", "CONSOLE", "off" };
        Gen.Select(
                Gen.Int[0, Words.Length - 1].Array[0, 6],
                Gen.Int[-1, kinds.Length - 1],
                Gen.Int[-1, kinds.Length - 1],
                Gen.Bool,
                Gen.Bool,
                Gen.Int[0, 6])
            .Sample((picks, option, variable, endpoint, equalsForm, at) =>
            {
                var args = picks.Select(i => Words[i]).ToList();
                var original = args.ToList();
                var position = Math.Min(at, args.Count);
                if (option >= 0)
                {
                    if (equalsForm)
                    {
                        args.Insert(position, "--trace=" + kinds[option]);
                    }
                    else
                    {
                        args.InsertRange(position, ["--trace", kinds[option]]);
                    }
                }

                var env = new Dictionary<string, string?>
                {
                    [TraceSettings.Variable] = variable >= 0 ? kinds[variable] : null,
                    [TraceSettings.OtlpEndpointVariable] = endpoint ? "http://collector:4318" : null,
                };

                var (settings, rest) = TraceSettings.Extract(args, n => env.GetValueOrDefault(n));

                Assert.Equal(original, rest);
                var expected = option >= 0 ? Kind(kinds[option]) : variable >= 0 ? Kind(kinds[variable]) : endpoint ? TraceExporterKind.Otlp : TraceExporterKind.None;
                Assert.Equal(expected, settings.Exporter);
                Assert.Equal(endpoint ? "http://collector:4318" : null, settings.OtlpEndpoint);
            });
    }

    [Theory]
    [InlineData(new[] { "--trace", "jaeger" }, "--trace must be console, otlp or none (got 'jaeger')")]
    [InlineData(new[] { "--trace" }, "--trace needs a value: console, otlp or none")]
    [InlineData(new[] { "--trace", "--units", "every" }, "--trace needs a value")]
    [InlineData(new[] { "--trace", "console", "--trace=otlp" }, "--trace is given twice ('console' and 'otlp')")]
    public void Extract_BadOption_UsageErrorNamesTheOption(string[] args, string message)
    {
        var ex = Assert.Throws<UsageException>(() => TraceSettings.Extract(args, _ => null));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TraceSettings.Variable, "zipkin", "SERVERLESS_TRACE must be console, otlp or none (got 'zipkin')")]
    [InlineData(TraceSettings.OtlpEndpointVariable, "localhost:4317", "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL")]
    [InlineData(TraceSettings.OtlpTracesEndpointVariable, "ftp://collector", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an absolute http(s) URL")]
    public void Extract_BadVariable_UsageErrorNamesTheVariable(string variable, string value, string message)
    {
        var ex = Assert.Throws<UsageException>(() => TraceSettings.Extract(["Serverless.Samples.X.Y"], n => n == variable ? value : null));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SdkDisabledWithEndpoint_OffUnlessTheOptionAsks()
    {
        var env = new Dictionary<string, string?> { [TraceSettings.SdkDisabledVariable] = "true", [TraceSettings.OtlpEndpointVariable] = "http://collector:4317" };

        Assert.Equal(TraceExporterKind.None, TraceSettings.Extract([], n => env.GetValueOrDefault(n)).Settings.Exporter);
        Assert.Equal(TraceExporterKind.Otlp, TraceSettings.Extract(["--trace", "otlp"], n => env.GetValueOrDefault(n)).Settings.Exporter);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("serve")]
    [InlineData("demo")]
    public async Task Cli_TracedCommandBadTraceValue_ExitTwoWithUsage(string command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Cli.RunAsync([command, "--trace", "loud"], stdout, stderr);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"serverless {command}: --trace must be console, otlp or none (got 'loud')", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("[--trace console|otlp|none]", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public async Task Cli_UntracedCommandWithTrace_UnknownOption()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Cli.RunAsync(["plan", "--trace", "console"], stdout, stderr);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--trace", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Help_ExplainsTracing()
    {
        using var stdout = new StringWriter();

        Assert.Equal(ExitCodes.Ok, await Cli.RunAsync(["--help"], stdout, TextWriter.Null));

        var help = stdout.ToString();
        Assert.Contains("--trace console", help, StringComparison.Ordinal);
        Assert.Contains("--trace otlp", help, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", help, StringComparison.Ordinal);
        Assert.Contains("SERVERLESS_TRACE", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_None_NoTracerAndNothingSaid()
    {
        using var stderr = new StringWriter();

        Assert.Null(CliTracing.Start(TraceSettings.Off, stderr));
        Assert.Equal(string.Empty, stderr.ToString());
    }

    [Fact]
    public void Start_Console_SpanLineOnTheWriterWithIdsAndTags()
    {
        using var stderr = new StringWriter();
        string traceId;
        string spanId;
        using (CliTracing.Start(new TraceSettings(TraceExporterKind.Console, "test"), stderr))
        {
            using var span = SplitterTelemetry.StartPlan("Console.Test.Function");
            Assert.NotNull(span);
            traceId = span.TraceId.ToHexString();
            spanId = span.SpanId.ToHexString();
        }

        var line = Assert.Single(stderr.ToString().Split('\n'), l => l.Contains(traceId, StringComparison.Ordinal));
        Assert.StartsWith("trace plan ", line, StringComparison.Ordinal);
        Assert.Contains($"span={spanId} parent=- ", line, StringComparison.Ordinal);
        Assert.Contains("splitter.function=Console.Test.Function", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Otlp_SpansReachTheCollectorByHttpProtobuf()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = ReceiveAsync(collector);
        using var stderr = new StringWriter();
        var provider = CliTracing.Start(new TraceSettings(TraceExporterKind.Otlp, "test"), stderr, o =>
        {
            o.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/traces");
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
        });
        Assert.NotNull(provider);

        using (SplitterTelemetry.StartPlan("Otlp.Test.Function"))
        {
        }

        provider.Dispose(); // flushes the batch
        var (path, contentType, body) = await received.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("/v1/traces", path);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Contains("Otlp.Test.Function", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains(SplitterTelemetry.SourceName, Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains("spans by OTLP", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlanTraceStamp_Listening_PlanCarriesTheEndedPlanSpan()
    {
        var exported = new List<System.Diagnostics.Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(SplitterTelemetry.SourceName).AddInMemoryExporter(exported).Build();
        var plan = new Serverless.Contracts.Plans.ExecutionPlan
        {
            ExecutionId = "stamp-" + Guid.NewGuid().ToString("N"),
            FunctionId = "Stamp.Test.Function",
            Units = [new Serverless.Contracts.Plans.PlanUnit { Id = 0, Segments = [0], Region = "eastus" }],
        };

        var stamped = PlanTrace.Stamp(plan);

        var span = Assert.Single(exported.ToArray(), a => (a.GetTagItem("splitter.execution") as string) == plan.ExecutionId);
        Assert.Equal("plan", span.OperationName);
        Assert.Equal(span.Id, stamped.TraceParent);
        Assert.Equal(plan with { TraceParent = stamped.TraceParent }, stamped);
    }

    private static TraceExporterKind Kind(string value) => value.ToLowerInvariant() switch
    {
        "console" => TraceExporterKind.Console,
        "otlp" => TraceExporterKind.Otlp,
        _ => TraceExporterKind.None,
    };

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<(string Path, string? ContentType, byte[] Body)> ReceiveAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, context.Request.ContentType, buffer.ToArray());
    }
}
