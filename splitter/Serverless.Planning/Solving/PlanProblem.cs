using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning.Solving;

/// <summary>A validated request compiled to arrays: what every solver and the evaluator work on.</summary>
internal sealed class PlanProblem
{
    private PlanProblem()
    {
    }

    public required PlanRequest Request { get; init; }

    public required int SegmentCount { get; init; }

    public required double[] Work { get; init; }

    public required int RegionCount { get; init; }

    public required string[] RegionNames { get; init; }

    public required double[] PricePerGbSecond { get; init; }

    public required double[] PricePerInvocation { get; init; }

    public required double[] Speed { get; init; }

    public required double[] Dispatch { get; init; }

    /// <summary>Region may host units: strict preference, memory, instances.</summary>
    public required bool[] Allowed { get; init; }

    /// <summary>Allowed regions in request order.</summary>
    public required int[] AllowedRegions { get; init; }

    /// <summary>Region is outside a non-strict preference (each unit there pays the penalty).</summary>
    public required bool[] Penalised { get; init; }

    public required double PenaltyPerUnit { get; init; }

    /// <summary>Locations: the regions 0..R-1, then the origin at R when it is not a region.</summary>
    public required int OriginLocation { get; init; }

    /// <summary>Latency in ms between locations, [from * L + to].</summary>
    public required double[] Latency { get; init; }

    /// <summary>Egress price per byte between locations, [from * L + to].</summary>
    public required double[] EgressPerByte { get; init; }

    public required int LocationCount { get; init; }

    public required double MsPerByte { get; init; }

    public required double MemoryGb { get; init; }

    public required int MemoryMb { get; init; }

    public required double TimeoutMs { get; init; }

    public required double LatencyWeight { get; init; }

    public required double? DeadlineMs { get; init; }

    public required double ReturnBytes { get; init; }

    public required bool Splittable { get; init; }

    public required string[] VariableNames { get; init; }

    public required double[] VariableBytes { get; init; }

    /// <summary>Edges (all kinds): from, to, and the variable ids each carries (CSR over <see cref="EdgeVarStart"/>).</summary>
    public required int[] EdgeFrom { get; init; }

    public required int[] EdgeTo { get; init; }

    public required int[] EdgeVarStart { get; init; }

    public required int[] EdgeVars { get; init; }

    /// <summary>Per position in <see cref="EdgeVars"/>: segments after the edge's source that write the variable again (CSR).</summary>
    public required int[] LaterWriterStart { get; init; }

    public required int[] LaterWriters { get; init; }

    /// <summary>Incoming edges per segment (edge indices), CSR over <see cref="InEdgeStart"/>.</summary>
    public required int[] InEdgeStart { get; init; }

    public required int[] InEdges { get; init; }

    /// <summary>Input variable ids per segment (read, not written by an earlier segment), CSR.</summary>
    public required int[] InputStart { get; init; }

    public required int[] Inputs { get; init; }

    /// <summary>Compute cost of a segment's work in a region, without the invocation price: [s * R + r].</summary>
    public required double[] SegmentCompute { get; init; }

    /// <summary>Egress cost of the data a segment reads where it lives ([DataSource]) when its unit runs in a region: [s * R + r].</summary>
    public required double[] SegmentDataCost { get; init; }

    /// <summary>Time in ms to bring that data to a unit in a region (latency + bytes over bandwidth per data region; 0 from the region itself): [s * R + r].</summary>
    public required double[] SegmentDataMs { get; init; }

    /// <summary>True when the only edges are i -> i+1 and every such edge exists (units must be intervals).</summary>
    public required bool IsChain { get; init; }

    public double Tolerance(double reference) => 1e-9 * Math.Abs(reference) + 1e-15;

    public double PairTime(int fromLocation, int toLocation, double bytes) =>
        fromLocation == toLocation ? 0 : Latency[(fromLocation * LocationCount) + toLocation] + (bytes * MsPerByte);

    public double Egress(int fromLocation, int toLocation, double bytes) =>
        fromLocation == toLocation ? 0 : bytes * EgressPerByte[(fromLocation * LocationCount) + toLocation];

    public static PlanProblem Compile(PlanRequest request, bool requireAllowedRegion = true)
    {
        PlanRequestValidator.ThrowIfInvalid(request);
        var environment = request.Regions is null ? PlanEnvironment.Default : new PlanEnvironment(request.Origin!, request.Regions, request.Network!);
        var graph = request.Graph;
        var n = graph.Segments.Count;
        var regions = environment.Regions;
        var rCount = regions.Count;
        var memoryMb = request.MemoryMb ?? graph.Annotations?.ResourceConstraint?.MemoryMb ?? PlanRequest.DefaultMemoryMb;
        var timeoutSeconds = request.TimeoutSeconds ?? graph.Annotations?.ResourceConstraint?.TimeoutSeconds ?? PlanRequest.DefaultTimeoutSeconds;
        var geo = request.GeoPreference ?? graph.Annotations?.GeoPreference;
        var preferred = geo?.Regions.ToHashSet(StringComparer.Ordinal);

        var allowed = new bool[rCount];
        var penalised = new bool[rCount];
        var reasons = new List<string>();
        for (var r = 0; r < rCount; r++)
        {
            var spec = regions[r];
            var inPreference = preferred is null || preferred.Contains(spec.Name);
            penalised[r] = !inPreference;
            if (geo is { Strict: true } && !inPreference)
            {
                reasons.Add($"{spec.Name} is outside the strict geoPreference [{string.Join(", ", geo.Regions)}]");
            }
            else if (spec.MaxMemoryMb < memoryMb)
            {
                reasons.Add($"{spec.Name} offers at most {spec.MaxMemoryMb} MB but memoryMb is {memoryMb}");
            }
            else if (spec.AvailableInstances <= 0)
            {
                reasons.Add($"{spec.Name} has no available instances");
            }
            else
            {
                allowed[r] = true;
            }
        }

        var allowedRegions = Enumerable.Range(0, rCount).Where(r => allowed[r]).ToArray();
        if (allowedRegions.Length == 0 && requireAllowedRegion)
        {
            throw new PlanningException("no region can run this function: " + string.Join("; ", reasons) + ".");
        }

        // Locations: regions, then the origin if it is not a region.
        var locationNames = regions.Select(r => r.Name).ToList();
        var originLocation = locationNames.IndexOf(environment.Origin);
        if (originLocation < 0)
        {
            originLocation = locationNames.Count;
            locationNames.Add(environment.Origin);
        }

        var lCount = locationNames.Count;
        var latency = new double[lCount * lCount];
        var egress = new double[lCount * lCount];
        for (var a = 0; a < lCount; a++)
        {
            for (var b = 0; b < lCount; b++)
            {
                latency[(a * lCount) + b] = NetworkLookup.Find(environment.Network.LatencyMs, locationNames[a], locationNames[b]) ?? 0;
                egress[(a * lCount) + b] = (NetworkLookup.Find(environment.Network.EgressPricePerGb, locationNames[a], locationNames[b]) ?? 0) / 1e9;
            }
        }

        // Variables.
        var varIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var varNames = new List<string>();
        int VarId(string name)
        {
            if (!varIds.TryGetValue(name, out var id))
            {
                id = varNames.Count;
                varIds[name] = id;
                varNames.Add(name);
            }

            return id;
        }

        // Inputs: reads that no earlier segment wrote.
        var written = new HashSet<string>(StringComparer.Ordinal);
        var inputStart = new int[n + 1];
        var inputs = new List<int>();
        var work = new double[n];
        for (var s = 0; s < n; s++)
        {
            var seg = graph.Segments[s];
            work[s] = seg.Work;
            inputStart[s] = inputs.Count;
            foreach (var v in seg.Reads.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (!written.Contains(v))
                {
                    inputs.Add(VarId(v));
                }
            }

            foreach (var v in seg.Writes)
            {
                written.Add(v);
            }
        }

        inputStart[n] = inputs.Count;

        var edges = graph.Edges.OrderBy(e => e.From).ThenBy(e => e.To).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
        var edgeFrom = new int[edges.Count];
        var edgeTo = new int[edges.Count];
        var edgeVarStart = new int[edges.Count + 1];
        var edgeVars = new List<int>();
        for (var i = 0; i < edges.Count; i++)
        {
            edgeFrom[i] = edges[i].From;
            edgeTo[i] = edges[i].To;
            edgeVarStart[i] = edgeVars.Count;
            if (edges[i].Kind == "data" && edges[i].Variables is { } vars)
            {
                foreach (var v in vars.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    edgeVars.Add(VarId(v));
                }
            }
        }

        edgeVarStart[edges.Count] = edgeVars.Count;

        // For every variable an edge carries: the later segments that write it again. A unit hands over its
        // variables when it completes, so a consumer elsewhere must not read a value its producer's unit overwrites.
        var writersOf = new Dictionary<int, List<int>>();
        for (var s = 0; s < n; s++)
        {
            foreach (var v in graph.Segments[s].Writes.Distinct(StringComparer.Ordinal))
            {
                var id = VarId(v);
                (writersOf.TryGetValue(id, out var list) ? list : writersOf[id] = []).Add(s);
            }
        }

        var laterWriterStart = new int[edgeVars.Count + 1];
        var laterWriters = new List<int>();
        for (var i = 0; i < edges.Count; i++)
        {
            for (var x = edgeVarStart[i]; x < edgeVarStart[i + 1]; x++)
            {
                laterWriterStart[x] = laterWriters.Count;
                if (writersOf.TryGetValue(edgeVars[x], out var writers))
                {
                    laterWriters.AddRange(writers.Where(w => w > edgeFrom[i]));
                }
            }
        }

        laterWriterStart[edgeVars.Count] = laterWriters.Count;

        var inCount = new int[n + 1];
        foreach (var t in edgeTo)
        {
            inCount[t + 1]++;
        }

        for (var s = 0; s < n; s++)
        {
            inCount[s + 1] += inCount[s];
        }

        var inEdges = new int[edgeTo.Length];
        var fill = (int[])inCount.Clone();
        for (var i = 0; i < edgeTo.Length; i++)
        {
            inEdges[fill[edgeTo[i]]++] = i;
        }

        var varBytes = new double[varNames.Count];
        for (var v = 0; v < varNames.Count; v++)
        {
            varBytes[v] = request.VariableBytes is not null && request.VariableBytes.TryGetValue(varNames[v], out var b) ? b : request.DefaultVariableBytes;
        }

        var memoryGb = memoryMb / 1024.0;
        var segmentCompute = new double[n * rCount];
        for (var s = 0; s < n; s++)
        {
            for (var r = 0; r < rCount; r++)
            {
                segmentCompute[(s * rCount) + r] = regions[r].PricePerGbSecond * memoryGb * (work[s] / regions[r].Speed) / 1000.0;
            }
        }

        // Data reads: each segment's bytes from each data location, moved to the unit's region when the segment runs.
        var segmentDataCost = new double[n * rCount];
        var segmentDataMs = new double[n * rCount];
        var msPerByte = 8.0 / (environment.Network.BandwidthMbps * 1000.0);
        for (var s = 0; s < n; s++)
        {
            if (graph.Segments[s].DataReads is not { Count: > 0 } reads)
            {
                continue;
            }

            foreach (var read in reads)
            {
                var from = locationNames.IndexOf(read.Region);
                if (from < 0)
                {
                    throw new PlanningException($"graph.segments[{s}].dataReads: '{read.Region}' is neither a region nor the origin", $"graph.segments[{s}].dataReads");
                }

                for (var r = 0; r < rCount; r++)
                {
                    if (from != r)
                    {
                        segmentDataCost[(s * rCount) + r] += read.Bytes * egress[(from * lCount) + r];
                        segmentDataMs[(s * rCount) + r] += latency[(from * lCount) + r] + (read.Bytes * msPerByte);
                    }
                }
            }
        }

        var isChain = n >= 2 && edges.All(e => e.To == e.From + 1)
            && edges.Select(e => e.From).Distinct().Count() == n - 1;

        return new PlanProblem
        {
            Request = request,
            SegmentCount = n,
            Work = work,
            RegionCount = rCount,
            RegionNames = regions.Select(r => r.Name).ToArray(),
            PricePerGbSecond = regions.Select(r => r.PricePerGbSecond).ToArray(),
            PricePerInvocation = regions.Select(r => r.PricePerInvocation).ToArray(),
            Speed = regions.Select(r => r.Speed).ToArray(),
            Dispatch = regions.Select(r => r.DispatchLatencyMs).ToArray(),
            Allowed = allowed,
            AllowedRegions = allowedRegions,
            Penalised = penalised,
            PenaltyPerUnit = geo is { Strict: false } ? request.PreferencePenalty : 0,
            OriginLocation = originLocation,
            Latency = latency,
            EgressPerByte = egress,
            LocationCount = lCount,
            MsPerByte = msPerByte,
            MemoryGb = memoryGb,
            MemoryMb = memoryMb,
            TimeoutMs = timeoutSeconds * 1000.0,
            LatencyWeight = request.Objective?.LatencyWeight ?? 0,
            DeadlineMs = request.Objective?.DeadlineMs,
            ReturnBytes = request.ReturnBytes,
            Splittable = graph.IsSplittable,
            VariableNames = [.. varNames],
            VariableBytes = varBytes,
            EdgeFrom = edgeFrom,
            EdgeTo = edgeTo,
            EdgeVarStart = edgeVarStart,
            EdgeVars = [.. edgeVars],
            LaterWriterStart = laterWriterStart,
            LaterWriters = [.. laterWriters],
            InEdgeStart = inCount,
            InEdges = inEdges,
            InputStart = inputStart,
            Inputs = [.. inputs],
            SegmentCompute = segmentCompute,
            SegmentDataCost = segmentDataCost,
            SegmentDataMs = segmentDataMs,
            IsChain = isChain,
        };
    }

    public string Describe(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
