using System.Runtime.ExceptionServices;
using Serverless.Annotations.Runtime;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// The reference semantics of a split run, in-process: units run in dependency order (in parallel where the unit
/// DAG allows), each running its segments in source order through the generated executors, and variables pass
/// between units only as JSON through an <see cref="IStateStore"/>. The outcome equals a direct call: the value of
/// the first <c>return</c>, or the exception of the earliest segment in source order that throws.
/// </summary>
public sealed class LocalSplitExecutor
{
    /// <summary>The state-store variable name of a function's result.</summary>
    public const string ResultVariable = "$result";

    /// <summary>The producing-unit name of the arguments.</summary>
    public const string ArgumentsProducer = "args";

    private readonly IStateStore _store;

    public LocalSplitExecutor(IStateStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// Runs <paramref name="entry"/> as the given units with bound arguments (parameter name → JSON). Throws the
    /// function's own exception when it throws; <see cref="SplitPlanException"/> when the units cannot run.
    /// </summary>
    public async Task<LocalRunResult> RunAsync(
        RegisteredFunction entry,
        IReadOnlyList<IReadOnlyList<int>> units,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments,
        string executionId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(arguments);
        var function = entry.Function;
        var run = new Run(this, entry, [.. units.Select(u => (IReadOnlyList<int>)[.. u.Order()])], executionId, cancellationToken);
        foreach (var (name, json) in arguments)
        {
            await _store.PutAsync(new StateKey(executionId, name, ArgumentsProducer), json, cancellationToken).ConfigureAwait(false);
        }

        if (!entry.IsSplittable)
        {
            if (units.Count > 1)
            {
                throw new SplitPlanException($"'{function.Id}' has analysis errors and runs only as one unit, unsplit; it cannot run as {units.Count} units.");
            }

            return await run.UnsplitAsync().ConfigureAwait(false);
        }

        SplitUnits.Validate(entry.Graph, run.Units);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    private sealed class Run
    {
        private readonly LocalSplitExecutor _owner;
        private readonly RegisteredFunction _entry;
        private readonly string _executionId;
        private readonly CancellationToken _cancellationToken;
        private readonly int[] _unitOf;
        private readonly object _gate = new();
        private readonly HashSet<int> _completed = [];
        private readonly SortedDictionary<int, Terminal> _terminals = [];

        public Run(LocalSplitExecutor owner, RegisteredFunction entry, IReadOnlyList<IReadOnlyList<int>> units, string executionId, CancellationToken cancellationToken)
        {
            _owner = owner;
            _entry = entry;
            Units = units;
            _executionId = executionId;
            _cancellationToken = cancellationToken;
            _unitOf = entry.IsSplittable ? SplitUnits.UnitOfSegment(entry.Graph.Segments.Count, units) : [];
        }

        public IReadOnlyList<IReadOnlyList<int>> Units { get; }

        private SplitFunction Function => _entry.Function;

        private IStateStore Store => _owner._store;

        public async Task<LocalRunResult> UnsplitAsync()
        {
            var arguments = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            foreach (var p in Function.Parameters)
            {
                arguments[p.Name] = await Store.GetAsync(new StateKey(_executionId, p.Name, ArgumentsProducer), _cancellationToken).ConfigureAwait(false);
            }

            var value = await Function.InvokeOriginalAsync(SplitArguments.ToValues(Function, arguments)).ConfigureAwait(false);
            if (Function.ResultType is null)
            {
                return new LocalRunResult(Units, null, null);
            }

            var key = new StateKey(_executionId, ResultVariable, "0");
            await Store.PutAsync(key, SplitJson.SerializeResult(ResultVariable, value, Function.ResultType), _cancellationToken).ConfigureAwait(false);
            return await ResultAsync(key).ConfigureAwait(false);
        }

        public async Task<LocalRunResult> ExecuteAsync()
        {
            var deps = SplitUnits.Dependencies(_entry.Graph, Units);
            var started = new bool[Units.Count];
            var finishedNormally = new bool[Units.Count];
            var running = new Dictionary<Task<bool>, int>();
            while (true)
            {
                for (var u = 0; u < Units.Count; u++)
                {
                    if (!started[u] && deps[u].All(d => finishedNormally[d]))
                    {
                        started[u] = true;
                        var unit = u;
                        running.Add(Task.Run(() => RunUnitAsync(unit, Units[unit]), _cancellationToken), u);
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                finishedNormally[running[done]] = await done.ConfigureAwait(false);
                running.Remove(done);
            }

            // Segments before the earliest terminal one that could not run (their unit waited on a unit that
            // stopped early) still decide the outcome in a direct call: run them in source order.
            var first = _terminals.Count == 0 ? int.MaxValue : _terminals.Keys.First();
            var missed = Enumerable.Range(0, Math.Min(first, _entry.Graph.Segments.Count)).Where(s => !_completed.Contains(s)).ToList();
            if (missed.Count > 0)
            {
                await RunUnitAsync(-1, missed).ConfigureAwait(false);
                first = _terminals.Count == 0 ? int.MaxValue : _terminals.Keys.First();
            }

            if (first == int.MaxValue)
            {
                return new LocalRunResult(Units, null, null);
            }

            var terminal = _terminals[first];
            terminal.Failure?.Throw();
            return terminal.ResultKey is { } key ? await ResultAsync(key).ConfigureAwait(false) : new LocalRunResult(Units, null, null);
        }

        private async Task<LocalRunResult> ResultAsync(StateKey key)
        {
            var json = await Store.GetAsync(key, _cancellationToken).ConfigureAwait(false);
            var value = Function.ResultType is null ? null : SplitJson.Deserialize(json.Span, Function.ResultType);
            return new LocalRunResult(Units, json, value);
        }

        /// <summary>Runs a unit's segments in order; true when all completed without returning or throwing.</summary>
        private async Task<bool> RunUnitAsync(int unit, IReadOnlyList<int> segments)
        {
            var scope = new SplitScope();
            var loadedFrom = new Dictionary<string, int?>(StringComparer.Ordinal);
            var inUnit = new HashSet<int>(segments);
            foreach (var s in segments)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var segment = _entry.Graph.Segments[s];
                try
                {
                    foreach (var v in segment.Reads)
                    {
                        // Within a unit a segment sees the live values the earlier segments left: an argument is
                        // loaded once, and only a value whose producer is in another unit replaces the live one.
                        var producer = _entry.Graph.Producer(s, v);
                        if ((producer is { } p && inUnit.Contains(p)) || (loadedFrom.TryGetValue(v, out var previous) && previous == producer))
                        {
                            continue;
                        }

                        var key = new StateKey(_executionId, v, producer is { } q ? ProducerName(q) : ArgumentsProducer);
                        var json = await Store.TryGetAsync(key, _cancellationToken).ConfigureAwait(false);
                        if (json is { } bytes)
                        {
                            scope.SetJson(v, bytes);
                            loadedFrom[v] = producer;
                        }
                    }

                    var outcome = await Function.ExecuteSegmentAsync(s, scope).ConfigureAwait(false);
                    foreach (var v in segment.Writes)
                    {
                        if (_entry.Graph.Edges.Any(e => e.From == s && e.Kind == "data" && e.Variables.Contains(v) && !inUnit.Contains(e.To)) || unit < 0)
                        {
                            if (scope.Contains(v))
                            {
                                await Store.PutAsync(new StateKey(_executionId, v, ProducerName(s)), scope.Export(v), _cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    if (outcome.Returned)
                    {
                        StateKey? resultKey = null;
                        if (Function.ResultType is not null)
                        {
                            resultKey = new StateKey(_executionId, ResultVariable, ProducerName(s));
                            await Store.PutAsync(resultKey.Value, SplitJson.SerializeResult(ResultVariable, outcome.Value, Function.ResultType), _cancellationToken).ConfigureAwait(false);
                        }

                        Finish(s, new Terminal(resultKey, null));
                        return false;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
                {
                    Finish(s, new Terminal(null, ExceptionDispatchInfo.Capture(ex)));
                    return false;
                }

                lock (_gate)
                {
                    _completed.Add(s);
                }
            }

            return true;
        }

        private void Finish(int segment, Terminal terminal)
        {
            lock (_gate)
            {
                _terminals[segment] = terminal;
            }
        }

        private string ProducerName(int segment) => _unitOf[segment] + "." + segment;
    }

    private sealed record Terminal(StateKey? ResultKey, ExceptionDispatchInfo? Failure);
}
