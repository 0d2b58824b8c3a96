using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Annotations.Runtime;
using Serverless.Api.Visuals;
using Serverless.Development;
using Serverless.Azure.Messaging;
using Serverless.Azure.State;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.InMemory;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning;
using Serverless.Planning.Model;

namespace Serverless.Local.Demo;

/// <summary>
/// `serverless demo`: plans every sample over three simulated regions, explains the plan, runs it split and unsplit
/// on the embedded engine (network and compute delays injected by <see cref="SimulatedNetwork"/>), checks that both
/// equal the direct call, writes the pictures and prints the comparison. Exit 1 when a split result differs.
/// </summary>
internal sealed class DemoRunner
{
    /// <summary>Currency per second of makespan: time and money both count.</summary>
    public const double LatencyWeight = 0.00002;

    /// <summary>Per unit placed outside a non-strict [GeoPreference].</summary>
    public const double PreferencePenalty = 0.00001;

    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly object _gate = new();
    private string? _watching;
    private InProcessMarket? _market;

    // The live status line (a terminal only; redirected output gets plain lines): units done of the running execution.
    private readonly bool _live;
    private int _liveTotal;
    private int _liveDone;
    private int _liveRunning;
    private bool _statusShown;
    private DateTimeOffset _watchStart;

    public DemoRunner(DemoOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
        _live = !options.Quiet && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
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
            throw new UsageException($"no sample matches --only {string.Join(",", _options.Only)}; the samples are {string.Join(", ", DemoScenarios.All.Select(s => Short(s.FunctionId)))}");
        }

        var outDir = PrepareOutput(_options.OutputDirectory);
        var network = new SimulatedNetwork(environment, _options.TimeScale);
        network.Progress += OnProgress;

        AzuriteLauncher? azurite = null;
        try
        {
            IStateStore? store = null;
            IMessageBus bus = new InMemoryMessageBus(TimeProvider.System);
            string storageLine;
            if (_options.Storage is { } storage)
            {
                string connection;
                if (string.Equals(storage, "azurite", StringComparison.OrdinalIgnoreCase))
                {
                    Say("Starting Azurite (the Azure Storage emulator) …");
                    try
                    {
                        azurite = await AzuriteLauncher.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (AzuriteUnavailableException ex)
                    {
                        await _err.WriteLineAsync($"serverless demo: --storage azurite: {ex.Message}").ConfigureAwait(false);
                        return ExitCodes.Usage;
                    }

                    connection = azurite.ConnectionString;
                    storageLine = $"Azure Storage on Azurite (pid {azurite.ProcessId}; blob :{azurite.BlobPort}, queue :{azurite.QueuePort}, table :{azurite.TablePort}): variables in table 'splitstate' (large ones in blobs), work and completions on Storage Queues";
                }
                else
                {
                    connection = storage;
                    storageLine = "Azure Storage from the given connection string: variables in table 'splitstate' (large ones in blobs), work and completions on Storage Queues";
                }

                try
                {
                    store = TableStateStore.FromConnectionString(connection);
                    // Against the local emulator, poll the queues briskly (25–200 ms) so the demo's makespans show the plan,
                    // not the default 2 s idle back-off; a real account keeps the defaults (every poll is a transaction).
                    bus = azurite is null
                        ? StorageQueueMessageBus.FromConnectionString(connection)
                        : StorageQueueMessageBus.FromConnectionString(connection, new StorageQueueMessageBusOptions { MinPollInterval = TimeSpan.FromMilliseconds(25), MaxPollInterval = TimeSpan.FromMilliseconds(200) });
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
                {
                    throw new UsageException($"--storage: not a usable storage connection string ({ex.Message}); pass 'azurite' or a connection string like 'DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…'");
                }
            }
            else
            {
                storageLine = "in memory (pass --storage azurite for real tables, blobs and queues)";
            }

            PrintIntro(environment, storageLine);
            var runner = new SimulatedComputeRunner(new GeneratedSegmentRunner(catalogue), network);
            var market = new InProcessMarket(TimeProvider.System);
            var engineOptions = new EmbeddedEngineOptions
            {
                Regions = [.. environment.Regions.Select(r => r.Name)],
                ConfigureTasks = InProcessComputeMarket.RegisterTasks,
                ConfigureServices = services => services.AddSingleton(market),
            };
            var engine = await EmbeddedEngine.StartAsync(runner, engineOptions, store, new SimulatedNetworkBus(bus, network), new InProcessComputeMarket(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await AddInstancesAsync(market, environment).ConfigureAwait(false);
            _market = market;
            var outcomes = new List<SampleOutcome>();
            await using (engine.ConfigureAwait(false))
            {
                await WarmUpAsync(scenarios[0], catalogue.Get(scenarios[0].FunctionId), environment, network, engine, cancellationToken).ConfigureAwait(false);
                var index = 0;
                foreach (var scenario in scenarios)
                {
                    index++;
                    outcomes.Add(await RunSampleAsync(index, scenarios.Count, scenario, catalogue.Get(scenario.FunctionId), environment, network, engine, outDir, cancellationToken).ConfigureAwait(false));
                }
            }

            PrintSummary(outcomes, outDir, wall.Elapsed);
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
            network.Progress -= OnProgress;
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<SampleOutcome> RunSampleAsync(int index, int count, DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment, SimulatedNetwork network, EmbeddedEngine engine, string outDir, CancellationToken cancellationToken)
    {
        var function = entry.Function;
        var name = Short(function.Id);
        Say(string.Empty);
        Say($"━━ [{index}/{count}] {function.Id} — {scenario.Story}");

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
        if (graph.Annotations?.GeoPreference is { } geo)
        {
            var known = geo.Regions.Where(r => environment.Regions.Any(x => x.Name == r)).ToList();
            if (known.Count < geo.Regions.Count)
            {
                Say($"   note: [GeoPreference] lists {string.Join(", ", geo.Regions.Except(known))}, not among the demo's regions; planning with {(known.Count == 0 ? "no preference" : string.Join(", ", known))}");
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

        PrintGraph(graph, sizes, entry);
        PrintPlan(plan, entry, request, alternatives);

        // Split run.
        network.SetWork(function.Id, work);
        var memoryMb = request.MemoryMb ?? graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeout = request.TimeoutSeconds ?? graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var argumentElements = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value).RootElement.Clone(), StringComparer.Ordinal);
        var splitUnits = plan.Units.Select(u => (u.Segments, u.Region)).ToList();
        await PrintBidsAsync(plan, memoryMb).ConfigureAwait(false);
        Say($"   ▶ running split: {plan.Units.Count} unit(s) on the embedded engine");
        var split = await ExecuteAsync($"demo-{index}-{name}-split", entry, splitUnits, argumentElements, argumentBytes, returnBytes, memoryMb, timeout, network, engine, cancellationToken).ConfigureAwait(false);
        if (split.Outcome.Result is { } splitResult)
        {
            Say($"   winners: {string.Join(", ", splitResult.Units.Select(u => $"unit {u.Id} → {u.Instance ?? u.Region}{(u.Attempts > 1 ? $" (attempt {u.Attempts})" : string.Empty)}"))}");
        }

        var unsplitUnits = unsplit.Units.Select(u => (u.Segments, u.Region)).ToList();
        Say($"   ▶ running unsplit: one unit in {unsplit.Units[0].Region} (the best single region)");
        var whole = await ExecuteAsync($"demo-{index}-{name}-unsplit", entry, unsplitUnits, argumentElements, argumentBytes, returnBytes, memoryMb, timeout, network, engine, cancellationToken).ConfigureAwait(false);

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
            problem = $"the split result {Clip(splitJson ?? "(none)", 200)} differs from the direct result {Clip(directJson, 200)}";
        }
        else if (wholeJson != directJson)
        {
            problem = $"the unsplit result {Clip(wholeJson ?? "(none)", 200)} differs from the direct result {Clip(directJson, 200)}";
        }

        var measuredCost = MeasuredCost(request, split, environment);
        var unsplitMeasuredCost = MeasuredCost(request, whole, environment);
        WritePictures(outDir, name, function.Id, split, whole);
        Say($"   result: {Clip(directJson, 160)}");
        Say(problem is null
            ? $"   ✓ split result equals the direct call (and the unsplit run); makespan {Ms(split.WallMs)} split vs {Ms(whole.WallMs)} unsplit (planned {Ms(plan.MakespanMs)} vs {Ms(unsplit.MakespanMs)})"
            : $"   ✗ {problem}");

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
            problem);
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
        if (_options.Quiet || _market is null)
        {
            return;
        }

        var demands = plan.Units.Select(u => new UnitDemand("demo-preview", u.Id, 1, memoryMb, u.DurationMs, [u.Region])).ToList();
        var bids = await _market.BidAsync(demands).ConfigureAwait(false);
        Say("   bids (price for the unit's memory × planned duration, rising with the instance's utilisation; the cheapest wins):");
        foreach (var d in demands)
        {
            var mine = bids.Select(v => v.Bid).Where(b => b.UnitId == d.UnitId).OrderBy(b => b.Price).ThenBy(b => b.Instance, StringComparer.Ordinal).ToList();
            Say(mine.Count == 0
                ? Inv($"     unit {d.UnitId}: every instance in {d.Regions[0]} declined (the auction waits with backoff and the autoscaler is told)")
                : Inv($"     unit {d.UnitId}: {string.Join(", ", mine.Select(b => Inv($"{b.Instance} €{b.Price:0.000000000}")))}  → best {mine[0].Instance}"));
        }
    }

    /// <summary>One unprinted execution first, so that start-up costs (JIT, first queue polls) do not land on the first sample.</summary>
    private async Task WarmUpAsync(DemoScenario scenario, RegisteredFunction entry, PlanEnvironment environment, SimulatedNetwork network, EmbeddedEngine engine, CancellationToken cancellationToken)
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

    private async Task<Execution> ExecuteAsync(
        string executionId,
        RegisteredFunction entry,
        IReadOnlyList<(IReadOnlyList<int> Segments, string Region)> units,
        IReadOnlyDictionary<string, JsonElement> arguments,
        IReadOnlyDictionary<string, long> argumentBytes,
        long returnBytes,
        int memoryMb,
        int timeoutSeconds,
        SimulatedNetwork network,
        EmbeddedEngine engine,
        CancellationToken cancellationToken)
    {
        var plan = Telemetry.PlanTrace.Stamp(ExecutionPlanBuilder.Build(executionId, EngineGraphs.For(entry), [.. units.Select(u => new UnitPlacement(u.Segments, u.Region))], arguments, memoryMb, timeoutSeconds));
        network.BeginExecution(executionId, argumentBytes, returnBytes);
        var started = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _watching = executionId;
            _watchStart = started;
            _liveTotal = plan.Units.Count;
            _liveDone = 0;
            _liveRunning = 0;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var outcome = await engine.RunAsync(plan, cancellationToken).ConfigureAwait(false);
            return new Execution(plan, outcome, started, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            lock (_gate)
            {
                _watching = null;
                ClearStatus();
            }

            network.EndExecution(executionId);
        }
    }

    private void OnProgress(UnitProgress p)
    {
        lock (_gate)
        {
            if (_options.Quiet || p.ExecutionId != _watching)
            {
                return;
            }

            ClearStatus();
            if (p.Finished)
            {
                _liveDone++;
                _liveRunning = Math.Max(0, _liveRunning - 1);
            }
            else
            {
                _liveRunning++;
            }

            var at = (DateTimeOffset.UtcNow - _watchStart).TotalMilliseconds;
            var where = p.Instance is null ? p.Region : p.Instance.StartsWith(p.Region + "/", StringComparison.Ordinal) ? p.Instance : $"{p.Region}/{p.Instance}";
            _out.WriteLine(p.Finished
                ? Inv($"     {at,7:0} ms  {(p.Succeeded ? "✓" : "✗")} unit {p.UnitId} finished on {where} after {p.DurationMs:0} ms{(p.WaitedMs >= 1 ? $" (+{p.WaitedMs:0} ms result to origin)" : string.Empty)}")
                : Inv($"     {at,7:0} ms  ▷ unit {p.UnitId} starts on {where}{(p.Attempt > 1 ? $" (attempt {p.Attempt})" : string.Empty)} after {p.WaitedMs:0} ms of dispatch and transfer"));
            ShowStatus(at);
        }
    }

    /// <summary>Draws the status line under the progress lines: a bar of finished units, running units, elapsed time.</summary>
    private void ShowStatus(double atMs)
    {
        if (!_live || _liveTotal == 0)
        {
            return;
        }

        const int width = 24;
        var filled = (int)Math.Round(width * (double)_liveDone / _liveTotal);
        _out.Write(Inv($"     [{new string('█', filled)}{new string('░', width - filled)}] {_liveDone}/{_liveTotal} units done, {_liveRunning} running, {atMs / 1000:0.0} s"));
        _out.Flush();
        _statusShown = true;
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _out.Write("\r\u001b[K");
            _statusShown = false;
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
    private double MeasuredCost(PlanRequest request, Execution run, PlanEnvironment environment)
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

    private void WritePictures(string outDir, string name, string functionId, Execution split, Execution whole)
    {
        var picture = Picture(functionId, split);
        File.WriteAllText(Path.Combine(outDir, name + ".dag.svg"), DagSvg.Render(picture));
        File.WriteAllText(Path.Combine(outDir, name + ".mmd"), MermaidGraph.Render(picture));
        File.WriteAllText(Path.Combine(outDir, name + ".timeline.svg"), GanttSvg.Render(picture));
        File.WriteAllText(Path.Combine(outDir, name + ".unsplit.timeline.svg"), GanttSvg.Render(Picture(functionId + " (unsplit)", whole)));
        if (!_options.Quiet)
        {
            Say($"   pictures: {Path.Combine(outDir, name)}.dag.svg, .mmd, .timeline.svg, .unsplit.timeline.svg");
        }
    }

    private static ExecutionPicture Picture(string functionId, Execution run)
    {
        var ran = run.Outcome.Result?.Units.ToDictionary(u => u.Id) ?? new Dictionary<int, UnitRun>();
        var units = run.Plan.Units.Select(u => ran.TryGetValue(u.Id, out var r)
            ? new PictureUnit(u.Id, u.Segments, r.Region, r.Instance, (r.StartedAt - run.Started).TotalMilliseconds, (r.EndedAt - run.Started).TotalMilliseconds, r.Attempts)
            : new PictureUnit(u.Id, u.Segments, u.Region)).ToList();
        var edges = new List<PictureEdge>();
        foreach (var u in run.Plan.Units)
        {
            foreach (var group in u.Inputs.Where(i => i.ProducerUnit is not null).GroupBy(i => i.ProducerUnit!.Value).OrderBy(g => g.Key))
            {
                edges.Add(new PictureEdge(group.Key, u.Id, [.. group.Select(i => i.Variable).Order(StringComparer.Ordinal)]));
            }

            foreach (var d in u.DependsOn.Concat(u.ControlDependsOn).Where(d => !u.Inputs.Any(i => i.ProducerUnit == d)).Distinct().Order())
            {
                edges.Add(new PictureEdge(d, u.Id, []));
            }
        }

        return new ExecutionPicture(functionId, units, edges);
    }

    private void PrintIntro(PlanEnvironment environment, string storageLine)
    {
        Say("serverless demo — split [Splitable] functions, plan them over three regions, run them on the embedded engine");
        Say(string.Empty);
        Say("Regions (simulated; delays are injected into the engine" + (Math.Abs(_options.TimeScale - 1) < 1e-9 ? ")" : Inv($", scaled ×{_options.TimeScale})")));
        Say("   region        €/GB-s      €/call     speed  dispatch  latency to " + string.Join(", ", environment.Regions.Select(r => r.Name)));
        foreach (var r in environment.Regions)
        {
            var latencies = string.Join(", ", environment.Regions.Select(o => Inv($"{SimulatedNetwork.Lookup(environment.Network.LatencyMs, r.Name, o.Name):0}")));
            Say(Inv($"   {r.Name,-12}  {r.PricePerGbSecond,-10:0.000000}  {r.PricePerInvocation,-9:0.0000000}  {r.Speed,4:0.0}×  {r.DispatchLatencyMs,5:0} ms  {latencies} ms{(r.Name == environment.Origin ? "   ← origin (arguments come from and results go to here)" : string.Empty)}"));
        }

        Say(Inv($"   bandwidth {environment.Network.BandwidthMbps:0} Mbps; objective = cost + {LatencyWeight} × makespan (s) + {PreferencePenalty} per unit outside a non-strict [GeoPreference]"));
        Say("Storage: " + storageLine);
        Say("Market: an in-process auction (ComputeInstance entities behind activities) — two instances per region, one at the region's price and one 15% dearer; every ready unit is auctioned among the instances of its planned region and the cheapest bid wins");
    }

    private void PrintGraph(FunctionGraph graph, IReadOnlyDictionary<string, long> sizes, RegisteredFunction entry)
    {
        if (_options.Quiet)
        {
            return;
        }

        Say(entry.IsSplittable
            ? $"   dependency graph: {graph.Segments.Count} segments, {graph.Edges.Count} edges"
            : $"   dependency graph: {graph.Segments.Count} segments — analysis errors, so it runs as one unit: {string.Join("; ", (graph.Diagnostics ?? []).Select(d => d.Id + " " + d.Message))}");
        foreach (var s in graph.Segments)
        {
            var writes = s.Writes.Count == 0 ? "—" : string.Join(", ", s.Writes.Select(w => sizes.TryGetValue(w, out var b) ? Inv($"{w} ({b} B)") : w));
            var from = graph.Edges.Where(e => e.To == s.Id).Select(e => e.Kind == "data" ? Inv($"s{e.From}:{string.Join(",", e.Variables ?? [])}") : Inv($"s{e.From}({e.Kind})"));
            Say(Inv($"     s{s.Id,-2} lines {s.StartLine,3}-{s.EndLine,-3} work {s.Work,6:0.#} ms  reads {(s.Reads.Count == 0 ? "—" : string.Join(", ", s.Reads))}  writes {writes}  ← {string.Join(" ", from.DefaultIfEmpty("arguments"))}"));
        }
    }

    private void PrintPlan(Plan plan, RegisteredFunction entry, PlanRequest request, IReadOnlyList<(string Region, PlanEvaluation Evaluation)> alternatives)
    {
        if (_options.Quiet)
        {
            return;
        }

        var unitOf = new Dictionary<int, int>();
        foreach (var u in plan.Units)
        {
            foreach (var s in u.Segments)
            {
                unitOf[s] = u.Id;
            }
        }

        var cuts = request.Graph.Edges.Where(e => unitOf[e.From] != unitOf[e.To]).ToList();
        Say($"   plan ({plan.Algorithm}): {plan.Units.Count} unit(s); split points: {(cuts.Count == 0 ? "none" : string.Join(", ", cuts.Select(e => $"s{e.From}→s{e.To}{(e.Kind == "data" ? " carries " + string.Join(",", e.Variables ?? []) : " (" + e.Kind + ")")}")))}");
        foreach (var u in plan.Units)
        {
            Say(Inv($"     unit {u.Id}: s{string.Join(",s", u.Segments)} in {u.Region,-11} after {(u.DependsOn.Count == 0 ? "—" : "unit " + string.Join(",", u.DependsOn))}  planned {u.StartMs:0}–{u.FinishMs:0} ms, compute €{u.ComputeCost:0.000000000}"));
        }

        Say("   why: the objective of this plan against running everything in one region");
        Say("     option                         compute €      transfer €     makespan   latency term      penalty      objective");
        Say(Row("chosen plan", plan));
        foreach (var (region, evaluation) in alternatives)
        {
            Say(Row("all in " + region, evaluation.Plan) + (evaluation.IsFeasible ? string.Empty : "   (not allowed: " + string.Join("; ", evaluation.Violations) + ")"));
        }
    }

    private static string Row(string label, Plan p)
        => Inv($"     {label,-28}  {p.Cost.Compute,13:0.000000000}  {p.Cost.Transfer,13:0.000000000}  {p.MakespanMs,8:0} ms  {LatencyWeight * p.MakespanMs / 1000,13:0.000000000}  {p.Penalty,11:0.000000000}  {p.Objective,12:0.000000000}");

    private void PrintSummary(IReadOnlyList<SampleOutcome> outcomes, string outDir, TimeSpan elapsed)
    {
        Always(string.Empty);
        Always("Summary — measured on the embedded engine (makespan: wall time of the execution; cost: the cost model over measured durations and sizes), planned in brackets");
        Always("   sample                   result  units regions                       makespan split      makespan unsplit          cost split €                 cost unsplit €");
        foreach (var o in outcomes)
        {
            Always(Inv($"   {Short(o.FunctionId),-24} {(o.ResultsEqual ? "equal" : "DIFF"),-6}  {o.Units,5} {string.Join("+", o.Regions),-29} {o.MeasuredMakespanMs,6:0} ({o.PlannedMakespanMs,5:0}) ms   {o.UnsplitMeasuredMakespanMs,6:0} ({o.UnsplitPlannedMakespanMs,5:0}) ms {o.UnsplitRegion,-11}  {o.MeasuredCost,12:0.000000000} ({o.PlannedCost,12:0.000000000})  {o.UnsplitMeasuredCost,12:0.000000000} ({o.UnsplitPlannedCost,12:0.000000000})"));
        }

        var equal = outcomes.Count(o => o.ResultsEqual);
        Always(Inv($"{equal}/{outcomes.Count} samples: split result equals the direct call. Pictures in {outDir}. Demo wall time {elapsed.TotalSeconds:0.0} s."));
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

    /// <summary>Writes a detail line (not under --quiet).</summary>
    private void Say(string line)
    {
        if (!_options.Quiet)
        {
            Always(line);
        }
    }

    private void Always(string line)
    {
        lock (_gate)
        {
            ClearStatus();
            _out.WriteLine(line);
        }
    }

    private static string Short(string functionId)
    {
        var parts = functionId.Split('.');
        return parts.Length >= 2 ? parts[^2] : functionId;
    }

    private static string Ms(double ms) => Inv($"{ms:0} ms");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Execution(ExecutionPlan Plan, ExecutionOutcome Outcome, DateTimeOffset Started, double WallMs);
}
