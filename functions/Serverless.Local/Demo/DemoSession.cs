using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Annotations.Runtime;
using Serverless.Contracts.Plans;
using Serverless.Local.Backends;
using Serverless.Local.Commands;
using Serverless.Local.Engine;
using Serverless.Local.Serve;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Demo;

/// <summary>
/// `serverless demo`: plans every sample over the built-in regions (public figures, simulated here), runs it split and unsplit on the embedded
/// engine (network and compute delays injected by <see cref="SimulatedNetwork"/>, storage from `--storage`, units won
/// in an in-process market), checks that both equal the direct call and measures their cost. What it prints is
/// <see cref="DemoReport"/>'s, the live lines <see cref="DemoLiveProgress"/>'s, the files <see cref="DemoPictures"/>'.
/// Exit 1 when a split result differs.
/// </summary>
internal sealed class DemoSession
{
    /// <summary>Currency per second of makespan: time and money both count.</summary>
    public const double LatencyWeight = 0.00002;

    /// <summary>Per unit placed outside a non-strict [GeoPreference].</summary>
    public const double PreferencePenalty = 0.00001;

    private readonly DemoOptions _options;
    private readonly TextWriter _err;
    private readonly DemoLiveProgress _progress;
    private readonly TextWriter? _json;
    private readonly DemoReport _report;
    private InProcessMarket? _market;

    public DemoSession(DemoOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _err = stderr;
        _json = options.Json ? stdout : null;

        // With --output json stdout holds the JSON alone; the text report goes to stderr.
        var text = options.Json ? stderr : stdout;
        _progress = new DemoLiveProgress(text, options.Quiet, DemoLiveProgress.IsTerminal(text), DemoLiveProgress.NoColor(Environment.GetEnvironmentVariable));
        _report = new DemoReport(options, _progress);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        var environment = PlanEnvironment.Default;
        var catalogue = SplitFunctionRegistry.FromAssemblies(typeof(Serverless.Samples.ImagePipeline).Assembly);
        var scenarios = DemoScenarios.All
            .Where(s => _options.Only.Count == 0 || _options.Only.Any(o => s.FunctionId.Contains(o, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (scenarios.Count == 0)
        {
            throw new UsageException($"no sample matches --only {string.Join(",", _options.Only)}; the samples are {string.Join(", ", DemoScenarios.All.Select(s => DemoReport.Short(s.FunctionId)))}");
        }

        var outDir = PrepareOutput(_options.OutputDirectory);
        var network = new SimulatedNetwork(environment, _options.TimeScale);
        network.Progress += _progress.OnProgress;

        StorageSession? storage = null;
        try
        {
            string storageLine;
            if (_options.Storage is { } option)
            {
                if (option.StartsAzurite)
                {
                    _report.StartingAzurite();
                }

                storage = await option.OpenAsync(cancellationToken).ConfigureAwait(false);
                storageLine = storage.Azurite is { } azurite
                    ? $"Azure Storage on Azurite (pid {azurite.ProcessId}; blob :{azurite.BlobPort}, queue :{azurite.QueuePort}, table :{azurite.TablePort}): orchestrations on DTFx's Azure Storage backend (a task hub of this run), variables in table 'splitstate' (large ones in blobs), work and completions on Storage Queues"
                    : "Azure Storage from the given connection string: orchestrations on DTFx's Azure Storage backend (a task hub of this run), variables in table 'splitstate' (large ones in blobs), work and completions on Storage Queues";
            }
            else
            {
                storageLine = "in memory, not durable (pass --storage azurite for the durable engine on real tables, blobs and queues)";
            }

            _report.Intro(environment, storageLine);
            var runner = new SimulatedComputeRunner(new GeneratedSegmentRunner(catalogue), network);
            var market = new InProcessMarket(TimeProvider.System);
            var engineOptions = new EmbeddedEngineOptions
            {
                Regions = [.. environment.Regions.Select(r => r.Name)],
                ConfigureTasks = InProcessComputeMarket.RegisterTasks,
                ConfigureServices = services => services.AddSingleton(market),
            };
            IMessageBus bus = storage?.Bus ?? new InMemoryMessageBus(TimeProvider.System);
            var engine = await RunEngines.StartAsync(runner, engineOptions, storage, new SimulatedNetworkBus(bus, network), new InProcessComputeMarket(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await AddInstancesAsync(market, environment).ConfigureAwait(false);
            _market = market;
            var outcomes = new List<SampleOutcome>();
            await using (engine.ConfigureAwait(false))
            {
                await WarmUpAsync(scenarios[0], catalogue.Get(scenarios[0].FunctionId), environment, network, engine, cancellationToken).ConfigureAwait(false);

                // The planner prices the engine's own round trip per level, as measured here, on top of the simulated
                // dispatch latency (the network keeps simulating only the latter).
                var overheadMs = await MeasureEngineOverheadAsync(scenarios[0], catalogue.Get(scenarios[0].FunctionId), environment, network, engine, cancellationToken).ConfigureAwait(false);
                var planning = environment with { Regions = [.. environment.Regions.Select(r => r with { DispatchLatencyMs = r.DispatchLatencyMs + overheadMs })] };
                _report.EngineOverhead(overheadMs, DemoReport.Short(scenarios[0].FunctionId));
                var index = 0;
                foreach (var scenario in scenarios)
                {
                    index++;
                    outcomes.Add(await RunSampleAsync(index, scenarios.Count, scenario, catalogue.Get(scenario.FunctionId), environment, planning, network, engine, outDir, cancellationToken).ConfigureAwait(false));
                }
            }

            _report.Summary(outcomes, outDir, wall.Elapsed);
            if (_json is not null)
            {
                await _json.WriteLineAsync(DemoJson.Write(outcomes)).ConfigureAwait(false);
            }

            var failed = outcomes.Where(o => !o.ResultsEqual).ToList();
            if (failed.Count > 0)
            {
                foreach (var f in failed)
                {
                    await _err.WriteLineAsync($"serverless demo: {f.FunctionId}: {f.Problem}. This is a bug: a split run must return what the direct call returns.").ConfigureAwait(false);
                }

                return ExitCodes.Bug;
            }

            return ExitCodes.Ok;
        }
        finally
        {
            network.Progress -= _progress.OnProgress;
            if (storage is not null)
            {
                await storage.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What a sample's plan is made of: its arguments and direct result, the profiled variable sizes, the graph
    /// with the scenario's work, and the plan request over <paramref name="environment"/>.</summary>
    private static async Task<(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Arguments, string DirectJson, Dictionary<string, long> Sizes, FunctionGraph Graph, double[] Work, long ReturnBytes, Dictionary<string, long> ArgumentBytes, PlanRequest Request)> PrepareAsync(DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment)
    {
        var function = entry.Function;
        var arguments = SplitArguments.Bind(function, Encoding.UTF8.GetBytes(scenario.ArgumentsJson));
        var direct = await function.InvokeOriginalAsync(SplitArguments.ToValues(function, arguments)).ConfigureAwait(false);
        var directJson = Canonical(function, function.ResultType is null ? null : SplitJson.Serialize(direct, function.ResultType));

        // Profile: run each segment once in-process to learn the serialised size of every variable.
        var sizes = await ProfileSizesAsync(entry, arguments).ConfigureAwait(false);
        var graph = EngineGraphs.FromManifest(function.ManifestJson);
        var work = scenario.WorkOf([.. graph.Segments.Select(s => s.Work)]);
        graph = graph with { Segments = [.. graph.Segments.Select(s => s with { Work = work[s.Id] })] };
        var returnBytes = Encoding.UTF8.GetByteCount(directJson);
        var argumentBytes = arguments.ToDictionary(a => a.Key, a => (long)a.Value.Length, StringComparer.Ordinal);
        var request = new PlanRequest(
            graph,
            VariableBytes: sizes.Concat(argumentBytes.Where(a => !sizes.ContainsKey(a.Key))).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            DefaultVariableBytes: 1024,
            ReturnBytes: returnBytes,
            PreferencePenalty: PreferencePenalty,
            Objective: new PlanObjective(LatencyWeight)).WithEnvironment(environment);
        return (arguments, directJson, sizes, graph, work, returnBytes, argumentBytes, request);
    }

    /// <summary>
    /// What the engine itself spends per dependency level beyond the simulated network and compute (the dispatch
    /// activity, the queue hop, the completion event and the orchestrator's turn), learned by running
    /// <paramref name="scenario"/> as one unit at the origin three times and taking the median of measured minus planned
    /// makespan, in the plan's (unscaled) milliseconds. The planner charges it per unit as dispatch latency, so a plan
    /// with more levels pays what the engine really costs.
    /// </summary>
    private async Task<double> MeasureEngineOverheadAsync(DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment, SimulatedNetwork network, IServeEngine engine, CancellationToken cancellationToken)
    {
        var (arguments, _, _, graph, work, returnBytes, argumentBytes, request) = await PrepareAsync(scenario, entry, environment).ConfigureAwait(false);
        // One unit at the origin whatever the sample prefers: a [GeoPreference] may name regions the demo lacks.
        request = request with { GeoPreference = null, Graph = graph with { Annotations = graph.Annotations is null ? null : graph.Annotations with { GeoPreference = null } } };
        var all = Enumerable.Range(0, graph.Segments.Count).ToList();
        var planned = CostModel.Evaluate(request, [(all, environment.Origin)]).Plan.MakespanMs;
        var elements = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        network.SetWork(entry.Function.Id, work);
        network.SetDataReads(entry.Function.Id, graph);
        var excess = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var run = await ExecuteAsync($"demo-calibrate-{i}", entry, [(all, environment.Origin)], elements, argumentBytes, returnBytes, PlanRequest.DefaultMemoryMb, PlanRequest.DefaultTimeoutSeconds, network, engine, cancellationToken).ConfigureAwait(false);
            excess.Add((run.WallMs / _options.TimeScale) - planned);
        }

        excess.Sort();
        return Math.Max(0, excess[excess.Count / 2]);
    }

    private async Task<SampleOutcome> RunSampleAsync(int index, int count, DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment, PlanEnvironment planning, SimulatedNetwork network, IServeEngine engine, string outDir, CancellationToken cancellationToken)
    {
        var function = entry.Function;
        var name = DemoReport.Short(function.Id);
        _report.SampleHeader(index, count, function.Id, scenario.Story);

        var (arguments, directJson, sizes, graph, work, returnBytes, argumentBytes, request) = await PrepareAsync(scenario, entry, planning).ConfigureAwait(false);
        if (graph.Annotations?.GeoPreference is { } geo)
        {
            var known = geo.Regions.Where(r => environment.Regions.Any(x => x.Name == r)).ToList();
            if (known.Count < geo.Regions.Count)
            {
                _report.GeoPreferenceNote(geo.Regions.Except(known), known);
                request = request with { GeoPreference = known.Count == 0 ? null : geo with { Regions = known } };
                if (known.Count == 0 && geo.Strict)
                {
                    throw new InvalidOperationException($"{function.Id} is strictly limited to regions the demo does not have.");
                }

                request = request with { Graph = graph with { Annotations = graph.Annotations with { GeoPreference = request.GeoPreference } } };
            }
        }

        var plan = Planner.Plan(request);
        var alternatives = environment.Regions
            .Select(r => (Region: r.Name, Evaluation: CostModel.Evaluate(request, [(Enumerable.Range(0, graph.Segments.Count).ToList(), r.Name)])))
            .ToList();
        var unsplit = alternatives.Where(a => a.Evaluation.IsFeasible)
            .OrderBy(a => a.Evaluation.Plan.Objective).ThenBy(a => a.Evaluation.Plan.MakespanMs).Select(a => a.Evaluation.Plan).FirstOrDefault()
            ?? alternatives.OrderBy(a => a.Evaluation.Violations.Count).First().Evaluation.Plan;

        // A plan kept whole is weighed against the best split into two units, so the report can say what splitting would cost.
        var bestSplit = plan.Units.Count == 1 && entry.IsSplittable ? DemoSplitAlternative.BestTwoUnit(request, [.. environment.Regions.Select(r => r.Name)]) : null;
        _report.Graph(graph, sizes, entry);
        _report.Plan(plan, request, alternatives, bestSplit);

        // Split run.
        network.SetWork(function.Id, work);
        network.SetDataReads(function.Id, graph);
        var memoryMb = request.MemoryMb ?? graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = request.TimeoutSeconds ?? graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var argumentElements = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var splitUnits = plan.Units.Select(u => (u.Segments, u.Region)).ToList();
        await PrintBidsAsync(plan, memoryMb).ConfigureAwait(false);
        _report.RunningSplit(plan);
        var split = await ExecuteAsync($"demo-{index}-{name}-split", entry, splitUnits, argumentElements, argumentBytes, returnBytes, memoryMb, timeout, network, engine, cancellationToken).ConfigureAwait(false);
        if (split.Outcome.Result is { } splitResult)
        {
            _report.Winners(splitResult);
        }

        var unsplitUnits = unsplit.Units.Select(u => (u.Segments, u.Region)).ToList();
        // A plan kept whole in the best single region is the unsplit run: it runs once and is reported as both, so
        // the comparison is not the noise between two runs of one plan.
        DemoExecution whole;
        if (plan.Units.Count == 1 && unsplit.Units.Count == 1 && plan.Units[0].Region == unsplit.Units[0].Region)
        {
            _report.UnsplitIsThePlan(unsplit.Units[0].Region);
            whole = split;
        }
        else
        {
            _report.RunningUnsplit(unsplit.Units[0].Region);
            whole = await ExecuteAsync($"demo-{index}-{name}-unsplit", entry, unsplitUnits, argumentElements, argumentBytes, returnBytes, memoryMb, timeout, network, engine, cancellationToken).ConfigureAwait(false);
        }

        var splitJson = split.Outcome.Result is { Result: { } r } ? Canonical(function, Encoding.UTF8.GetBytes(r.GetRawText())) : null;
        var wholeJson = whole.Outcome.Result is { Result: { } w } ? Canonical(function, Encoding.UTF8.GetBytes(w.GetRawText())) : null;
        string? problem = null;
        if (split.Outcome.Error is { } se)
        {
            problem = $"the split run failed: {se.Type}: {se.Message}";
        }
        else if (whole.Outcome.Error is { } we)
        {
            problem = $"the unsplit run failed: {we.Type}: {we.Message}";
        }
        else if (splitJson != directJson)
        {
            problem = $"the split result {DemoReport.Clip(splitJson ?? "(none)", 200)} differs from the direct result {DemoReport.Clip(directJson, 200)}";
        }
        else if (wholeJson != directJson)
        {
            problem = $"the unsplit result {DemoReport.Clip(wholeJson ?? "(none)", 200)} differs from the direct result {DemoReport.Clip(directJson, 200)}";
        }

        var measuredCost = MeasuredCost(request, split, environment);
        var unsplitMeasuredCost = MeasuredCost(request, whole, environment);
        _report.Pictures(DemoPictures.Write(outDir, name, function.Id, split, whole));
        _report.SampleResult(directJson, problem, plan.Units.Count, split.WallMs, whole.WallMs, plan.MakespanMs, unsplit.MakespanMs);

        return new SampleOutcome(
            function.Id,
            problem is null,
            directJson,
            splitJson,
            wholeJson,
            plan.Units.Count,
            [.. plan.Units.Select(u => u.Region).Distinct()],
            unsplit.Units[0].Region,
            plan.MakespanMs,
            split.WallMs,
            unsplit.MakespanMs,
            whole.WallMs,
            plan.Cost.Total,
            measuredCost,
            unsplit.Cost.Total,
            unsplitMeasuredCost,
            problem)
        {
            UnitPlacements = [.. plan.Units.Select(u => split.Outcome.Result?.Units.FirstOrDefault(r => r.Id == u.Id) is { } ran
                ? (u.Id, u.Region, (string?)ran.Region, ran.Instance)
                : (u.Id, u.Region, null, null))],
            PlannedObjective = plan.Objective,
            UnsplitPlannedObjective = unsplit.Objective,
            MeasuredObjective = measuredCost + (LatencyWeight * split.WallMs / 1000.0) + plan.Penalty,
            UnsplitMeasuredObjective = unsplitMeasuredCost + (LatencyWeight * whole.WallMs / 1000.0) + unsplit.Penalty,
            Replans = split.Outcome.Result?.Replans ?? [],
            SplitStarted = split.Started,
        };
    }

    /// <summary>Two compute instances per region: one at the region's price, one 15% dearer; both raise their price with utilisation.</summary>
    private static async Task AddInstancesAsync(InProcessMarket market, PlanEnvironment environment)
    {
        foreach (var r in environment.Regions)
        {
            _ = await market.AddInstanceAsync(r.Name, r.MaxMemoryMb, 4, r.PricePerGbSecond).ConfigureAwait(false);
            _ = await market.AddInstanceAsync(r.Name, r.MaxMemoryMb, 4, r.PricePerGbSecond * 1.15).ConfigureAwait(false);
        }
    }

    /// <summary>What the instances of each unit's region bid for it now (a preview: bids do not reserve), and the best bid.</summary>
    private async Task PrintBidsAsync(Plan plan, int memoryMb)
    {
        if (_report.Quiet || _market is null)
        {
            return;
        }

        var demands = plan.Units.Select(u => new UnitDemand("demo-preview", u.Id, 1, memoryMb, u.DurationMs, [u.Region])).ToList();
        _report.Bids(demands, await _market.BidAsync(demands).ConfigureAwait(false));
    }

    /// <summary>One unprinted execution first, so that start-up costs (JIT, first queue polls) do not land on the first sample.</summary>
    private async Task WarmUpAsync(DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment, SimulatedNetwork network, IServeEngine engine, CancellationToken cancellationToken)
    {
        var arguments = SplitArguments.Bind(entry.Function, Encoding.UTF8.GetBytes(scenario.ArgumentsJson));
        var elements = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var plan = ExecutionPlanBuilder.Build("demo-warmup", EngineGraphs.For(entry), [new UnitPlacement([.. Enumerable.Range(0, entry.Graph.Segments.Count)], environment.Origin)], elements, PlanRequest.DefaultMemoryMb, PlanRequest.DefaultTimeoutSeconds);
        network.BeginExecution(plan.ExecutionId, new Dictionary<string, long>(), 0);
        try
        {
            _ = await engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            network.EndExecution(plan.ExecutionId);
        }
    }

    private async Task<DemoExecution> ExecuteAsync(
        string executionId,
        RegisteredFunction entry,
        IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units,
        IReadOnlyDictionary<string, JsonElement> arguments,
        IReadOnlyDictionary<string, long> argumentBytes,
        long returnBytes,
        int memoryMb,
        int timeoutSeconds,
        SimulatedNetwork network,
        IServeEngine engine,
        CancellationToken cancellationToken)
    {
        var plan = Telemetry.PlanTrace.Stamp(ExecutionPlanBuilder.Build(executionId, EngineGraphs.For(entry), [.. units.Select(u => new UnitPlacement(u.Segments, u.Region))], arguments, memoryMb, timeoutSeconds));
        network.BeginExecution(executionId, argumentBytes, returnBytes);
        var started = DateTimeOffset.UtcNow;
        _progress.Watch(executionId, plan.Units.Count, started);

        var clock = Stopwatch.StartNew();
        try
        {
            var outcome = await engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
            return new DemoExecution(plan, outcome, started, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            await _progress.UnwatchAsync().ConfigureAwait(false);

            network.EndExecution(executionId);
        }
    }

    private static async Task<Dictionary<string, long>> ProfileSizesAsync(RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!entry.IsSplittable)
        {
            return sizes;
        }

        var scope = new SplitScope();
        foreach (var (name, json) in arguments)
        {
            scope.SetJson(name, json);
        }

        for (var s = 0; s < entry.Graph.Segments.Count; s++)
        {
            var outcome = await entry.Function.ExecuteSegmentAsync(s, scope).ConfigureAwait(false);
            foreach (var v in entry.Graph.Segments[s].Writes.Where(scope.Contains))
            {
                sizes[v] = Math.Max(sizes.GetValueOrDefault(v), scope.Export(v).Length);
            }

            if (outcome.Returned)
            {
                break;
            }
        }

        return sizes;
    }

    /// <summary>The run's cost by the cost model with what was measured: each unit's duration (back to reference work
    /// by the region's speed and the time scale) and each variable's serialised size.</summary>
    private double MeasuredCost(PlanRequest request, DemoExecution run, PlanEnvironment environment)
    {
        if (run.Outcome.Result is not { } result || result.Units.Count == 0)
        {
            return double.NaN;
        }

        var work = request.Graph.Segments.Select(s => s.Work).ToArray();
        var bytes = new Dictionary<string, long>(request.VariableBytes ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        foreach (var u in result.Units)
        {
            var speed = environment.Regions.First(r => r.Name == u.Region).Speed;
            var planned = u.Segments.Sum(s => work[s]);
            var measured = u.DurationMs * speed / _options.TimeScale;
            foreach (var s in u.Segments)
            {
                work[s] = planned > 0 ? work[s] / planned * measured : measured / u.Segments.Count;
            }

            foreach (var (v, size) in u.OutputBytes)
            {
                bytes[v] = size;
            }
        }

        var measuredRequest = request with
        {
            Graph = request.Graph with { Segments = [.. request.Graph.Segments.Select(s => s with { Work = work[s.Id] })] },
            VariableBytes = bytes,
        };
        var ran = result.Units.ToDictionary(u => u.Id);
        var units = run.Plan.Units.Select(u => ((IReadOnlyList<int>)u.Segments, ran.TryGetValue(u.Id, out var r) ? r.Region : u.Region)).ToList();
        return CostModel.Evaluate(measuredRequest, units).Plan.Cost.Total;
    }

    private static string PrepareOutput(string directory)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            Directory.CreateDirectory(full);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--out: cannot create the output directory '{directory}' ({ex.Message}); pass a writable directory");
        }
    }

    /// <summary>A result's JSON normalised by a round trip through its type, so formatting differences do not count.</summary>
    private static string Canonical(SplitFunction function, byte[]? json)
    {
        if (json is null || function.ResultType is null)
        {
            return "null";
        }

        return Encoding.UTF8.GetString(SplitJson.Serialize(SplitJson.Deserialize(json, function.ResultType), function.ResultType));
    }
}
