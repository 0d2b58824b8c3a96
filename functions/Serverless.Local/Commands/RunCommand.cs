using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Manifest;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Commands;

/// <summary>
/// `serverless run &lt;Namespace.Type.Method&gt; --args '&lt;json&gt;' [--source &lt;file.cs&gt;...] [--direct] [--units every|one|plan]`:
/// runs a [Splitable] function from the samples (or from the given files, compiled in memory with the generator)
/// directly, split on the embedded engine (default; `--regions`, `--storage`), or split by the in-process reference
/// executor (`--local`), and prints one JSON object with the result or the exception.
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "run a [Splitable] function directly or split into units on the embedded engine, and print its result";

    public string Usage => "serverless run <Namespace.Type.Method> --args '<JSON object: parameter name -> value>' [--source <file.cs>...] [--direct | --local] [--units every|one|plan] [--regions <file.json>] [--storage <connection string>|azurite] [--trace console|otlp|none] [--output text|json]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = LocalRunOptions.Parse(args);
        if (!options.Direct && options.Units == "every")
        {
            // Every segment its own unit is the check run: each crossing value is round-tripped and compared.
            SplitFidelity.Enabled = true;
        }

        var context = options.Sources.Count == 0 ? null : new AssemblyLoadContext("serverless-run", isCollectible: true);
        try
        {
            var catalogue = options.Sources.Count == 0
                ? SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.DocumentPipeline).Assembly)
                : SplitFunctionRegistry.FromAssemblies(await FunctionSources.CompileAsync(options.Sources, context!, stderr).ConfigureAwait(false));
            var output = options.Direct || options.Local
                ? await LocalFunctionRunner.RunAsync(catalogue, options, stderr).ConfigureAwait(false)
                : await EngineFunctionRunner.RunAsync(catalogue, options, stderr).ConfigureAwait(false);
            await stdout.WriteLineAsync(output.Json).ConfigureAwait(false);
            return output.ExitCode;
        }
        finally
        {
            context?.Unload();
        }
    }
}

/// <summary>The parsed options of `serverless run`.</summary>
public sealed record LocalRunOptions(string FunctionId, string ArgumentsJson, IReadOnlyList<string> Sources, bool Direct, string Units)
{
    /// <summary>`--local`: split by the in-process reference executor instead of the embedded engine.</summary>
    public bool Local { get; init; }

    /// <summary>`--regions`: the origin, regions and network for the engine (default <see cref="PlanEnvironment.Default"/>).</summary>
    public string? RegionsFile { get; init; }

    /// <summary>`--storage`: a storage connection string, or <c>azurite</c>, for the engine's state store and bus.</summary>
    public StorageOption? Storage { get; init; }

    public static LocalRunOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? function = null, arguments = null, units = null, regions = null;
        StorageOption? storage = null;
        var direct = false;
        var local = false;
        var sources = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--args":
                    arguments = Value(args, ref i, a);
                    break;
                case "--units":
                    units = Value(args, ref i, a);
                    if (units is not ("every" or "one" or "plan"))
                    {
                        throw new UsageException($"--units must be every, one or plan (got '{units}')");
                    }

                    break;
                case "--direct":
                    direct = true;
                    break;
                case "--local":
                    local = true;
                    break;
                case "--regions":
                    regions = Value(args, ref i, a);
                    break;
                case "--storage":
                    storage = StorageOption.Parse(i + 1 < args.Count ? args[++i] : null);
                    break;
                case "--source":
                    sources.Add(Value(args, ref i, a));
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        sources.Add(args[++i]);
                    }

                    break;
                default:
                    if (a.StartsWith('-'))
                    {
                        throw new UsageException($"unknown option '{a}'");
                    }

                    if (function is not null)
                    {
                        throw new UsageException($"one function at a time: got '{function}' and '{a}'");
                    }

                    function = a;
                    break;
            }
        }

        if (function is null)
        {
            throw new UsageException("name the function to run, e.g. Serverless.Samples.DocumentPipeline.Summarize");
        }

        if (direct && units is not null)
        {
            throw new UsageException("--direct calls the original method and cannot be combined with --units");
        }

        if (direct && local)
        {
            throw new UsageException("--direct calls the original method and --local splits it in process: choose one");
        }

        if ((direct || local) && (regions is not null || storage is not null))
        {
            throw new UsageException($"--regions and --storage configure the embedded engine; drop {(direct ? "--direct" : "--local")} to use them");
        }

        return new LocalRunOptions(function, arguments ?? "{}", sources, direct, units ?? "plan") { Local = local, RegionsFile = regions, Storage = storage };
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option)
        => i + 1 < args.Count ? args[++i] : throw new UsageException($"{option} needs a value");
}

/// <summary>What `serverless run` prints, and its exit code.</summary>
public sealed record LocalRunOutput(string Json, int ExitCode);

/// <summary>
/// The reusable local run path: find the function, bind the JSON arguments, choose units (every, one, or the
/// planner's plan for one region), run through <see cref="LocalSplitExecutor"/> (or the original method) and
/// render the JSON answer.
/// </summary>
public static class LocalFunctionRunner
{
    /// <summary>The function and its arguments bound to its parameters; an unknown function or bad arguments are usage errors.</summary>
    internal static (RegisteredFunction Entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Arguments) Bind(SplitFunctionRegistry catalogue, string functionId, string argumentsJson)
    {
        try
        {
            var entry = catalogue.Get(functionId);
            return (entry, SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(argumentsJson)));
        }
        catch (Exception ex) when (ex is UnknownFunctionException or SplitArgumentException)
        {
            throw new UsageException(ex.Message);
        }
    }

    public static async Task<LocalRunOutput> RunAsync(SplitFunctionRegistry catalogue, LocalRunOptions options, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        var (entry, arguments) = Bind(catalogue, options.FunctionId, options.ArgumentsJson);

        var mode = options.Direct ? "direct" : "split";
        IReadOnlyList<IReadOnlyList<int>>? units = null;
        try
        {
            if (options.Direct)
            {
                var value = await entry.Function.InvokeOriginalAsync(SplitArguments.ToValues(entry.Function, arguments)).ConfigureAwait(false);
                return new LocalRunOutput(Render(entry.Function.Id, mode, null, entry.Function.ResultType is null ? null : SplitJson.Serialize(value, entry.Function.ResultType), null), ExitCodes.Ok);
            }

            units = await ChooseUnitsAsync(entry, options.Units, stderr).ConfigureAwait(false);
            var executor = new LocalSplitExecutor(new InMemoryStateStore());
            var result = await executor.RunAsync(entry, units, arguments, "run-1").ConfigureAwait(false);
            return new LocalRunOutput(Render(entry.Function.Id, mode, units, result.ResultJson?.ToArray(), null), ExitCodes.Ok);
        }
        catch (Exception ex) when (ex is not (UsageException or SplitPlanException or SplitVariableMissingException))
        {
            return new LocalRunOutput(Render(entry.Function.Id, mode, units, null, ex), ExitCodes.FunctionFailed);
        }
    }

    /// <summary>The units for `--units every|one|plan`.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<int>>> ChooseUnitsAsync(RegisteredFunction entry, string kind, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(stderr);
        var n = entry.Graph.Segments.Count;
        if (!entry.IsSplittable)
        {
            if (kind == "every" && n > 1)
            {
                throw new UsageException($"'{entry.Id}' has SPL errors, so it runs only unsplit and --units every is impossible: {Errors(entry)}. Fix them or use --units one.");
            }

            return SplitUnits.One(n);
        }

        switch (kind)
        {
            case "every":
                return SplitUnits.Every(n);
            case "one":
                return SplitUnits.One(n);
            default:
                // One region: a geographic preference cannot change the plan, and naming other regions would only
                // make the request invalid.
                var graph = FunctionGraph.FromManifest(entry.Graph);
                graph = graph with { Annotations = graph.Annotations is null ? null : graph.Annotations with { GeoPreference = null } };
                var environment = PlanEnvironment.Default;
                var origin = environment.Regions.First(r => r.Name == environment.Origin);
                var single = new PlanEnvironment(origin.Name, [origin], new NetworkSpec(new Dictionary<string, IReadOnlyDictionary<string, double>>(), new Dictionary<string, IReadOnlyDictionary<string, double>>(), environment.Network.BandwidthMbps));
                var request = new PlanRequest(graph, MemoryMb: graph.Annotations?.ResourceConstraint?.MemoryMb, TimeoutSeconds: graph.Annotations?.ResourceConstraint?.TimeoutSeconds).WithEnvironment(single);
                try
                {
                    var plan = Planner.Plan(request);
                    return [.. plan.Units.OrderBy(u => u.Id).Select(u => (IReadOnlyList<int>)[.. u.Segments.Order()])];
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The plan only chooses the grouping; any grouping gives the same result, so run as one unit.
                    var why = ex is PlanningException ? ex.Message : $"planner failure {ex.GetType().Name}: {ex.Message}";
                    await stderr.WriteLineAsync($"serverless run: no plan for one region ({why}); running as one unit.").ConfigureAwait(false);
                    return SplitUnits.One(n);
                }
        }
    }

    private static string Errors(RegisteredFunction entry)
        => string.Join("; ", entry.Graph.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverityNames.Error)
            .Select(d => $"{d.Id} line {d.Line}: {d.Message}"));

    private static string Render(string function, string mode, IReadOnlyList<IReadOnlyList<int>>? units, byte[]? result, Exception? error)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("function", function);
            w.WriteString("mode", mode);
            if (units is not null)
            {
                w.WriteStartArray("units");
                for (var i = 0; i < units.Count; i++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", i);
                    w.WriteStartArray("segments");
                    foreach (var s in units[i])
                    {
                        w.WriteNumberValue(s);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (error is not null)
            {
                w.WriteStartObject("error");
                w.WriteString("type", error.GetType().FullName);
                w.WriteString("message", error.Message);
                w.WriteEndObject();
            }
            else
            {
                w.WritePropertyName("result");
                if (result is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(result);
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
