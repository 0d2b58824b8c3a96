using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Runtime;

/// <summary>
/// <see cref="ISplitInvoker"/> over the <see cref="LocalSplitExecutor"/>: looks the function up in the catalogue,
/// binds the arguments, chooses the units (by default one per segment) and runs them in-process.
/// </summary>
public sealed class LocalSplitInvoker : ISplitInvoker
{
    private readonly SplitFunctionRegistry _catalogue;
    private readonly LocalSplitExecutor _executor;
    private readonly Func<RegisteredFunction, IReadOnlyList<IReadOnlyList<int>>> _chooseUnits;
    private long _executions;

    public LocalSplitInvoker(SplitFunctionRegistry catalogue, IStateStore store, Func<RegisteredFunction, IReadOnlyList<IReadOnlyList<int>>>? chooseUnits = null)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _executor = new LocalSplitExecutor(store);
        _chooseUnits = chooseUnits ?? (e => e.IsSplittable ? SplitUnits.Every(e.Graph.Segments.Count) : SplitUnits.One(e.Graph.Segments.Count));
    }

    public SplitFunctionRegistry Catalogue => _catalogue;

    public async Task<LocalRunResult> InvokeAsync(string functionId, ReadOnlyMemory<byte> argumentsJson, CancellationToken cancellationToken = default)
    {
        var entry = _catalogue.Get(functionId);
        var arguments = SplitArguments.Bind(entry.Function, argumentsJson);
        return await InvokeAsync(entry, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs with arguments already bound (parameter name → JSON).</summary>
    public Task<LocalRunResult> InvokeAsync(RegisteredFunction entry, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var id = "local-" + Interlocked.Increment(ref _executions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _executor.RunAsync(entry, _chooseUnits(entry), arguments, id, cancellationToken);
    }
}
