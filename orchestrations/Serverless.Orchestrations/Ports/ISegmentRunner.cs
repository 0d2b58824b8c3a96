namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Runs some segments of a splittable function, in source order, in this process: the bridge between the
/// engine (which moves JSON between units) and the generated segment executors compiled into the user's assembly.
/// </summary>
public interface ISegmentRunner
{
    /// <summary>
    /// Runs <see cref="UnitRunRequest.Segments"/> from the given JSON inputs. Throws the original exception of the
    /// first segment that fails; cancellation is cooperative.
    /// </summary>
    Task<UnitRunResult> RunAsync(UnitRunRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What a unit needs: the function, its segment ids in source order, inputs as JSON by variable name,
/// and the variables whose values it must hand back.</summary>
public sealed record UnitRunRequest(
    string FunctionId,
    IReadOnlyList<int> Segments,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Inputs,
    IReadOnlyList<string> Outputs)
{
    /// <summary>
    /// Inputs that another unit produced, by variable and producing segment: one unit may read a variable from several
    /// producers (an argument at one segment, another unit's value at a later one). Each segment loads the value of
    /// its own producer; <see cref="Inputs"/> holds the arguments (and, in older plans, outputs by name).
    /// </summary>
    public IReadOnlyDictionary<SegmentVariable, ReadOnlyMemory<byte>> SegmentInputs { get; init; } = new Dictionary<SegmentVariable, ReadOnlyMemory<byte>>();

    /// <summary>Variables to hand back as they are right after one of this unit's segments (before later ones change them).</summary>
    public IReadOnlyList<SegmentVariable> SegmentOutputs { get; init; } = [];
}

/// <summary>A variable as one segment left it.</summary>
public readonly record struct SegmentVariable(string Variable, int Segment);

/// <summary>
/// What a unit produced: the requested outputs as JSON, and whether a segment executed <c>return</c> (then
/// <see cref="ReturnValue"/> holds the method's result as JSON, and no later segment may run).
/// </summary>
public sealed record UnitRunResult(
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Outputs,
    bool Returned,
    ReadOnlyMemory<byte>? ReturnValue)
{
    /// <summary>The requested <see cref="UnitRunRequest.SegmentOutputs"/> that the unit reached (a return stops it first).</summary>
    public IReadOnlyDictionary<SegmentVariable, ReadOnlyMemory<byte>> SegmentOutputs { get; init; } = new Dictionary<SegmentVariable, ReadOnlyMemory<byte>>();
}
