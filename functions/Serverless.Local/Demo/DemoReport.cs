using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Market;
using Serverless.Orchestrations.Ports;
using Serverless.Orchestrations.Runtime;
using Serverless.Planning.Model;
using Spectre.Console;

namespace Serverless.Local.Demo;

/// <summary>
/// The demo's text: the regions and storage, each sample's dependency graph, plan and why, the bids, the runs and
/// their results, and the closing summary. Detail lines are left out under --quiet; the summary always prints.
/// </summary>
internal sealed class DemoReport
{
    private readonly DemoOptions _options;
    private readonly DemoLiveProgress _console;

    public DemoReport(DemoOptions options, DemoLiveProgress console)
    {
        _options = options;
        _console = console;
    }

    /// <summary>Detail is left out (--quiet).</summary>
    public bool Quiet => _options.Quiet;

    public void StartingAzurite() => Say("Starting Azurite (the Azure Storage emulator) …");

    public void Intro(PlanEnvironment environment, string storageLine)
    {
        Say("serverless demo — split [Splitable] functions, plan them over three regions, run them on the embedded engine");
        Say(string.Empty);
        Say("Regions (simulated; delays are injected into the engine" + (Math.Abs(_options.TimeScale - 1) < 1e-9 ? ")" : Inv($", scaled ×{_options.TimeScale})")) + ": the built-in public figures — Azure Functions Flex Consumption list prices in USD, Microsoft's published inter-region round-trip latencies and transfer prices; no public figure tells the regions' speed apart, so speed is 1.0 everywhere (the page and date of every figure: splitter/Serverless.Contracts/Plans/default-regions.json)");
        Say("   region        $/GB-s      $/call     speed  dispatch  latency to " + string.Join(", ", environment.Regions.Select(r => r.Name)));
        foreach (var r in environment.Regions)
        {
            var latencies = string.Join(", ", environment.Regions.Select(o => Inv($"{SimulatedNetwork.Lookup(environment.Network.LatencyMs, r.Name, o.Name):0}")));
            Say(Inv($"   {r.Name,-12}  {r.PricePerGbSecond,-10:0.000000}  {r.PricePerInvocation,-9:0.0000000}  {r.Speed,4:0.0}×  {r.DispatchLatencyMs,5:0} ms  {latencies} ms{(r.Name == environment.Origin ? "   ← origin (arguments come from and results go to here)" : string.Empty)}"));
        }

        Say(Inv($"   bandwidth {environment.Network.BandwidthMbps:0} Mbps; objective = cost + {DemoSession.LatencyWeight} × makespan (s) + {DemoSession.PreferencePenalty} per unit outside a non-strict [GeoPreference]"));
        Say("Storage: " + storageLine);
        Say("Market: an in-process auction (ComputeInstance entities behind activities) — two instances per region, one at the region's price and one 15% dearer; every ready unit is auctioned among the instances of its planned region and the cheapest bid wins");
    }

    public void EngineOverhead(double ms, string sample)
        => Say(Inv($"Engine overhead: {ms:0} ms per dependency level (dispatch activity, queue, completion event), measured on {sample} run as one unit at the origin; the planner adds it to every region's dispatch latency"));

    public void SampleHeader(int index, int count, string functionId, string story)
    {
        Say(string.Empty);
        Say($"━━ [{index}/{count}] {functionId} — {story}");
    }

    public void GeoPreferenceNote(IEnumerable<string> missing, IReadOnlyList<string> known)
        => Say($"   note: [GeoPreference] lists {string.Join(", ", missing)}, not among the demo's regions; planning with {(known.Count == 0 ? "no preference" : string.Join(", ", known))}");

    /// <summary>"  data: 200 MB in northeurope" for a segment that calls [DataSource] methods; empty otherwise.</summary>
    private static string DataReads(GraphSegment s) =>
        s.DataReads is { Count: > 0 } reads ? "  data: " + string.Join(", ", reads.Select(d => Inv($"{d.Bytes / 1e6:0.#} MB in {d.Region}"))) : string.Empty;

    public void Graph(FunctionGraph graph, IReadOnlyDictionary<string, long> sizes, RegisteredFunction entry)
    {
        if (Quiet)
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
            Say(Inv($"     s{s.Id,-2} lines {s.StartLine,3}-{s.EndLine,-3} work {s.Work,6:0.#} ms  reads {(s.Reads.Count == 0 ? "—" : string.Join(", ", s.Reads))}  writes {writes}  ← {string.Join(" ", from.DefaultIfEmpty("arguments"))}{DataReads(s)}"));
        }
    }

    public void Plan(Plan plan, PlanRequest request, IReadOnlyList<(string Region, PlanEvaluation Evaluation)> alternatives, Plan? bestSplit)
    {
        if (Quiet)
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
        if (KeptWhole(plan, request.Graph) is { } whole)
        {
            Say("   " + whole + (bestSplit is null ? string.Empty : Inv($" (best split objective {bestSplit.Objective:0.000000000} vs whole {plan.Objective:0.000000000})")));
        }

        foreach (var u in plan.Units)
        {
            Say(Inv($"     unit {u.Id}: s{string.Join(",s", u.Segments)} in {u.Region,-11} after {(u.DependsOn.Count == 0 ? "—" : "unit " + string.Join(",", u.DependsOn))}  planned {u.StartMs:0}–{u.FinishMs:0} ms, compute ${u.ComputeCost:0.000000000}"));
        }

        Say("   why: the objective of this plan against running everything in one region" + (bestSplit is null ? string.Empty : " and against the best split into two units"));
        Say("     option                         compute $      transfer $     makespan   latency term      penalty      objective");
        Say(Row("chosen plan", plan));
        if (bestSplit is not null)
        {
            Say(Row("best two-unit split", bestSplit) + "   (" + Units(bestSplit) + ")");
        }

        foreach (var (region, evaluation) in alternatives)
        {
            Say(Row("all in " + region, evaluation.Plan) + (evaluation.IsFeasible ? string.Empty : "   (not allowed: " + string.Join("; ", evaluation.Violations) + ")"));
        }
    }

    /// <summary>What the instances of each unit's region bid for it (a preview: bids do not reserve), and the best bid.</summary>
    public void Bids(IReadOnlyList<UnitDemand> demands, IReadOnlyList<VersionedBid> bids)
    {
        Say("   bids (price for the unit's memory × planned duration, rising with the instance's utilisation; the cheapest wins):");
        foreach (var d in demands)
        {
            var mine = bids.Select(v => v.Bid).Where(b => b.UnitId == d.UnitId).OrderBy(b => b.Price).ThenBy(b => b.Instance, StringComparer.Ordinal).ToList();
            Say(mine.Count == 0
                ? Inv($"     unit {d.UnitId}: every instance in {d.Regions[0]} declined (the auction waits with backoff and the autoscaler is told)")
                : Inv($"     unit {d.UnitId}: {string.Join(", ", mine.Select(b => Inv($"{b.Instance} ${b.Price:0.000000000}")))}  → best {mine[0].Instance}"));
        }
    }

    public void RunningSplit(Plan plan) => Say(plan.Units.Count == 1
        ? $"   ▶ running the plan: kept whole, one unit in {plan.Units[0].Region} on the embedded engine"
        : $"   ▶ running split: {plan.Units.Count} units on the embedded engine");

    public void Winners(ExecutionResult result)
        => Say($"   winners: {string.Join(", ", result.Units.Select(u => $"unit {u.Id} → {u.Instance ?? u.Region}{(u.Attempts > 1 ? $" (attempt {u.Attempts})" : string.Empty)}"))}");

    public void RunningUnsplit(string region) => Say($"   ▶ running unsplit: one unit in {region} (the best single region)");

    public void UnsplitIsThePlan(string region) => Say($"   ▶ unsplit: the plan is already one unit in {region}, the best single region; its run above is the unsplit run");

    public void Pictures(string stem)
    {
        if (!Quiet)
        {
            Say($"   pictures: {stem}.dag.svg, .mmd, .timeline.svg, .unsplit.timeline.svg");
        }
    }

    public void SampleResult(string directJson, string? problem, int units, double splitMs, double wholeMs, double plannedMs, double unsplitPlannedMs)
    {
        Say($"   result: {Clip(directJson, 160)}");
        Say(problem is not null
            ? $"   ✗ {problem}"
            : units == 1
                ? $"   ✓ kept whole: the planned run's result equals the direct call (and the unsplit run's); makespan {Ms(splitMs)} planned run vs {Ms(wholeMs)} unsplit run (planned {Ms(plannedMs)} vs {Ms(unsplitPlannedMs)})"
                : $"   ✓ split result equals the direct call (and the unsplit run); makespan {Ms(splitMs)} split vs {Ms(wholeMs)} unsplit (planned {Ms(plannedMs)} vs {Ms(unsplitPlannedMs)})");
    }

    /// <summary>Why a one-unit plan is one unit, or null when the plan is split.</summary>
    public static string? KeptWhole(Plan plan, FunctionGraph graph)
    {
        if (plan.Units.Count != 1)
        {
            return null;
        }

        if (!graph.IsSplittable)
        {
            return $"kept whole: the analysis found errors, so it runs as one unit in {plan.Units[0].Region}";
        }

        return graph.Segments.Count < 2
            ? $"kept whole: one segment, nothing to split; one unit in {plan.Units[0].Region}"
            : $"kept whole: splitting does not pay here; one unit in {plan.Units[0].Region}";
    }

    public void Summary(IReadOnlyList<SampleOutcome> outcomes, string outDir, TimeSpan elapsed)
    {
        Always(string.Empty);
        Always("Summary — measured on the embedded engine (makespan: wall time of the execution; cost: the cost model over measured durations and sizes), planned in brackets");
        var table = new Table().Border(TableBorder.None).AddColumns(
            new TableColumn("sample"),
            new TableColumn("result"),
            new TableColumn("units").RightAligned(),
            new TableColumn("regions").NoWrap(),
            new TableColumn("makespan split").RightAligned(),
            new TableColumn("makespan unsplit").RightAligned(),
            new TableColumn("unsplit in"),
            new TableColumn("cost split $").RightAligned(),
            new TableColumn("cost unsplit $").RightAligned());
        foreach (var o in outcomes)
        {
            table.AddRow(
                new Text(Short(o.FunctionId)),
                new Text(o.ResultsEqual ? "equal" : "DIFF", new Style(o.ResultsEqual ? Color.Green : Color.Red)),
                new Text(Inv($"{o.Units}")),
                new Text(string.Join("+", o.Regions)),
                new Text(Inv($"{o.MeasuredMakespanMs:0} ({o.PlannedMakespanMs:0}) ms")),
                new Text(Inv($"{o.UnsplitMeasuredMakespanMs:0} ({o.UnsplitPlannedMakespanMs:0}) ms")),
                new Text(o.UnsplitRegion),
                new Text(Inv($"{o.MeasuredCost:0.000000000} ({o.PlannedCost:0.000000000})")),
                new Text(Inv($"{o.UnsplitMeasuredCost:0.000000000} ({o.UnsplitPlannedCost:0.000000000})")));
        }

        _console.Write(new Padder(table, new Padding(3, 0, 0, 0)));
        var equal = outcomes.Count(o => o.ResultsEqual);
        var whole = outcomes.Count(o => o.Units == 1);
        Always(Inv($"{equal}/{outcomes.Count} samples: the planned run's result equals the direct call ({outcomes.Count - whole} split, {whole} kept whole where splitting does not pay). Pictures in {outDir}. Demo wall time {elapsed.TotalSeconds:0.0} s."));
    }

    /// <summary>A sample's short name: the type of its function id.</summary>
    public static string Short(string functionId)
    {
        var parts = functionId.Split('.');
        return parts.Length >= 2 ? parts[^2] : functionId;
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Units(Plan p)
        => string.Join(" | ", p.Units.Select(u => $"s{string.Join(",s", u.Segments)} in {u.Region}"));

    private static string Row(string label, Plan p)
        => Inv($"     {label,-28}  {p.Cost.Compute,13:0.000000000}  {p.Cost.Transfer,13:0.000000000}  {p.MakespanMs,8:0} ms  {DemoSession.LatencyWeight * p.MakespanMs / 1000,13:0.000000000}  {p.Penalty,11:0.000000000}  {p.Objective,12:0.000000000}");

    /// <summary>Writes a detail line (not under --quiet).</summary>
    private void Say(string line)
    {
        if (!Quiet)
        {
            Always(line);
        }
    }

    private void Always(string line) => _console.WriteLine(line);

    private static string Ms(double ms) => Inv($"{ms:0} ms");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
