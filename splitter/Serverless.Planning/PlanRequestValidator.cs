using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Planning.Model;

namespace Serverless.Planning;

/// <summary>Checks a <see cref="PlanRequest"/> and names every member that is missing or out of range.</summary>
public static class PlanRequestValidator
{
    private static readonly string[] EdgeKinds = ["data", "control", "order"];

    /// <summary>All problems of the request; empty when it can be planned (it may still be unsatisfiable).</summary>
    public static IReadOnlyList<PlanValidationError> Validate(PlanRequest? request)
    {
        var errors = new List<PlanValidationError>();
        if (request is null)
        {
            errors.Add(new("request", "is missing; send a JSON object with at least \"graph\""));
            return errors;
        }

        ValidateGraph(request.Graph, errors);
        if (request.VariableBytes is not null)
        {
            foreach (var (name, bytes) in request.VariableBytes)
            {
                if (bytes < 0)
                {
                    errors.Add(new($"variableBytes.{name}", $"must be 0 or more bytes (got {bytes})"));
                }
            }
        }

        NonNegative(errors, "defaultVariableBytes", request.DefaultVariableBytes);
        NonNegative(errors, "returnBytes", request.ReturnBytes);
        if (request.MemoryMb is { } mem && mem <= 0)
        {
            errors.Add(new("memoryMb", $"must be greater than 0 (got {mem})"));
        }

        if (request.TimeoutSeconds is { } timeout && timeout <= 0)
        {
            errors.Add(new("timeoutSeconds", $"must be greater than 0 (got {timeout})"));
        }

        NonNegative(errors, "preferencePenalty", request.PreferencePenalty);
        if (request.Objective is { } objective)
        {
            NonNegative(errors, "objective.latencyWeight", objective.LatencyWeight);
            if (objective.DeadlineMs is { } deadline && !(deadline > 0 && double.IsFinite(deadline)))
            {
                errors.Add(new("objective.deadlineMs", $"must be a positive number of milliseconds or null (got {Num(deadline)})"));
            }
        }

        var environmentGiven = request.Origin is not null || request.Regions is not null || request.Network is not null;
        var environment = environmentGiven
            ? new PlanEnvironment(request.Origin!, request.Regions!, request.Network!)
            : PlanEnvironment.Default;
        if (environmentGiven)
        {
            ValidateEnvironment(environment, errors);
        }

        ValidateDataRegions(request.Graph, environment, errors);
        var geo = request.GeoPreference ?? request.Graph?.Annotations?.GeoPreference;
        var geoField = request.GeoPreference is not null ? "geoPreference" : "graph.annotations.geoPreference";
        if (geo is not null && environment.Regions is not null)
        {
            if (geo.Regions is null || geo.Regions.Count == 0)
            {
                errors.Add(new($"{geoField}.regions", "must list at least one region (or drop the geoPreference)"));
            }
            else
            {
                var known = environment.Regions.Where(r => r?.Name is not null).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < geo.Regions.Count; i++)
                {
                    if (geo.Regions[i] is not { } name || !known.Contains(name))
                    {
                        errors.Add(new($"{geoField}.regions[{i}]", $"'{geo.Regions[i]}' is not one of the regions ({string.Join(", ", known)})"));
                    }
                }
            }
        }

        if (request.Graph?.Annotations?.ResourceConstraint is { } rc && request.MemoryMb is null && rc.MemoryMb <= 0)
        {
            errors.Add(new("graph.annotations.resourceConstraint.memoryMb", $"must be greater than 0 (got {rc.MemoryMb})"));
        }

        if (request.Graph?.Annotations?.ResourceConstraint is { } rc2 && request.TimeoutSeconds is null && rc2.TimeoutSeconds <= 0)
        {
            errors.Add(new("graph.annotations.resourceConstraint.timeoutSeconds", $"must be greater than 0 (got {rc2.TimeoutSeconds})"));
        }

        return errors;
    }

    /// <summary>Validates an environment on its own (the engine's <c>--regions</c> file).</summary>
    public static IReadOnlyList<PlanValidationError> Validate(PlanEnvironment? environment)
    {
        var errors = new List<PlanValidationError>();
        if (environment is null)
        {
            errors.Add(new("environment", "is missing; give origin, regions and network"));
            return errors;
        }

        ValidateEnvironment(environment, errors);
        return errors;
    }

    /// <summary>Throws a <see cref="PlanningException"/> naming the first invalid member (and counting the others).</summary>
    public static void ThrowIfInvalid(PlanRequest? request)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new PlanningException(Describe(errors), errors[0].Field);
        }
    }

    /// <summary>One message listing every error, one per line.</summary>
    public static string Describe(IReadOnlyList<PlanValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return "invalid plan request:" + string.Concat(errors.Select(e => "\n  " + e));
    }

    private static void ValidateGraph(FunctionGraph? graph, List<PlanValidationError> errors)
    {
        if (graph is null)
        {
            errors.Add(new("graph", "is missing; paste one function object printed by `serverless analyze`"));
            return;
        }

        if (graph.Segments is null || graph.Segments.Count == 0)
        {
            errors.Add(new("graph.segments", "must list at least one segment"));
            return;
        }

        var n = graph.Segments.Count;
        for (var i = 0; i < n; i++)
        {
            var s = graph.Segments[i];
            var f = $"graph.segments[{i}]";
            if (s is null)
            {
                errors.Add(new(f, "is null"));
                continue;
            }

            if (s.Id != i)
            {
                errors.Add(new($"{f}.id", $"must be {i} (segments are numbered 0, 1, … in source order; got {s.Id})"));
            }

            if (!(s.Work >= 0 && double.IsFinite(s.Work)))
            {
                errors.Add(new($"{f}.work", $"must be a finite number of reference milliseconds, 0 or more (got {Num(s.Work)})"));
            }

            if (s.Reads is null || s.Reads.Any(v => v is null))
            {
                errors.Add(new($"{f}.reads", "must be a list of variable names"));
            }

            if (s.Writes is null || s.Writes.Any(v => v is null))
            {
                errors.Add(new($"{f}.writes", "must be a list of variable names"));
            }

            for (var d = 0; d < (s.DataReads?.Count ?? 0); d++)
            {
                var read = s.DataReads![d];
                if (read is null || string.IsNullOrWhiteSpace(read.Region))
                {
                    errors.Add(new($"{f}.dataReads[{d}].region", "must name the region where the data lives"));
                }
                else if (read.Bytes < 0)
                {
                    errors.Add(new($"{f}.dataReads[{d}].bytes", $"must be 0 or more bytes (got {read.Bytes})"));
                }
            }
        }

        if (graph.Edges is null)
        {
            errors.Add(new("graph.edges", "is missing; give [] for a graph without edges"));
            return;
        }

        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var e = graph.Edges[i];
            var f = $"graph.edges[{i}]";
            if (e is null)
            {
                errors.Add(new(f, "is null"));
                continue;
            }

            if (e.From < 0 || e.From >= n)
            {
                errors.Add(new($"{f}.from", $"must be a segment id 0..{n - 1} (got {e.From})"));
            }

            if (e.To < 0 || e.To >= n)
            {
                errors.Add(new($"{f}.to", $"must be a segment id 0..{n - 1} (got {e.To})"));
            }
            else if (e.From >= e.To)
            {
                errors.Add(new(f, $"must go forward in source order (from < to; got {e.From} -> {e.To})"));
            }

            if (!EdgeKinds.Contains(e.Kind, StringComparer.Ordinal))
            {
                errors.Add(new($"{f}.kind", $"must be one of data, control, order (got '{e.Kind}')"));
            }

            if (e.Variables is not null && e.Variables.Any(v => v is null))
            {
                errors.Add(new($"{f}.variables", "must be a list of variable names"));
            }
        }
    }

    /// <summary>Every data read must come from a place the network knows: one of the regions or the origin.</summary>
    private static void ValidateDataRegions(FunctionGraph? graph, PlanEnvironment environment, List<PlanValidationError> errors)
    {
        if (graph?.Segments is null || environment.Regions is null || environment.Origin is null)
        {
            return;
        }

        var known = environment.Regions.Where(r => r?.Name is not null).Select(r => r.Name).Append(environment.Origin).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < graph.Segments.Count; i++)
        {
            var reads = graph.Segments[i]?.DataReads;
            for (var d = 0; d < (reads?.Count ?? 0); d++)
            {
                if (reads![d] is { Region: { } region } && !string.IsNullOrWhiteSpace(region) && !known.Contains(region, StringComparer.Ordinal))
                {
                    errors.Add(new(
                        $"graph.segments[{i}].dataReads[{d}].region",
                        $"segment {i} reads data in '{region}', which is neither one of the regions nor the origin ({string.Join(", ", known)}); add the region (with its latency and egress) or correct the [DataSource]"));
                }
            }
        }
    }

    private static void ValidateEnvironment(PlanEnvironment env, List<PlanValidationError> errors)
    {
        if (env.Origin is null)
        {
            errors.Add(new("origin", "is missing; name the region the call comes from (regions and network given without origin)"));
        }

        if (env.Regions is null || env.Regions.Count == 0)
        {
            errors.Add(new("regions", "must list at least one region"));
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < env.Regions.Count; i++)
            {
                var r = env.Regions[i];
                var f = $"regions[{i}]";
                if (r is null)
                {
                    errors.Add(new(f, "is null"));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(r.Name))
                {
                    errors.Add(new($"{f}.name", "must be a region name"));
                }
                else if (!seen.Add(r.Name))
                {
                    errors.Add(new($"{f}.name", $"'{r.Name}' is listed twice"));
                }

                NonNegative(errors, $"{f}.pricePerGbSecond", r.PricePerGbSecond);
                NonNegative(errors, $"{f}.pricePerInvocation", r.PricePerInvocation);
                if (!(r.Speed > 0 && double.IsFinite(r.Speed)))
                {
                    errors.Add(new($"{f}.speed", $"must be greater than 0 (1 = the reference machine; got {Num(r.Speed)})"));
                }

                if (r.MaxMemoryMb <= 0)
                {
                    errors.Add(new($"{f}.maxMemoryMb", $"must be greater than 0 (got {r.MaxMemoryMb})"));
                }

                if (r.AvailableInstances < 0)
                {
                    errors.Add(new($"{f}.availableInstances", $"must be 0 or more (got {r.AvailableInstances})"));
                }

                NonNegative(errors, $"{f}.dispatchLatencyMs", r.DispatchLatencyMs);
            }
        }

        if (env.Network is null)
        {
            errors.Add(new("network", "is missing; give latencyMs, egressPricePerGb and bandwidthMbps"));
            return;
        }

        if (!(env.Network.BandwidthMbps > 0 && double.IsFinite(env.Network.BandwidthMbps)))
        {
            errors.Add(new("network.bandwidthMbps", $"must be greater than 0 (got {Num(env.Network.BandwidthMbps)})"));
        }

        if (env.Regions is null || env.Origin is null || env.Regions.Any(r => r?.Name is null))
        {
            return;
        }

        var locations = env.Regions.Select(r => r.Name).Prepend(env.Origin).Distinct(StringComparer.Ordinal).ToList();
        CheckMap(env.Network.LatencyMs, "network.latencyMs", locations, errors);
        CheckMap(env.Network.EgressPricePerGb, "network.egressPricePerGb", locations, errors);
    }

    private static void CheckMap(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? map,
        string field,
        List<string> locations,
        List<PlanValidationError> errors)
    {
        if (map is null)
        {
            errors.Add(new(field, "is missing; give a map from region to region to number (one direction per pair is enough)"));
            return;
        }

        foreach (var (from, row) in map)
        {
            if (row is null)
            {
                errors.Add(new($"{field}.{from}", "is null"));
                continue;
            }

            foreach (var (to, value) in row)
            {
                if (!(value >= 0 && double.IsFinite(value)))
                {
                    errors.Add(new($"{field}.{from}.{to}", $"must be 0 or more (got {Num(value)})"));
                }
            }
        }

        for (var i = 0; i < locations.Count; i++)
        {
            for (var j = i + 1; j < locations.Count; j++)
            {
                if (NetworkLookup.Find(map, locations[i], locations[j]) is null)
                {
                    errors.Add(new($"{field}.{locations[i]}.{locations[j]}", $"is missing: give the value between {locations[i]} and {locations[j]} (either direction)"));
                }
            }
        }
    }

    private static void NonNegative(List<PlanValidationError> errors, string field, double value)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            errors.Add(new(field, $"must be a finite number, 0 or more (got {Num(value)})"));
        }
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
