using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Contracts;

/// <summary>How the engine names values in the state store: <c>{variable}@{producing unit}</c> per execution.</summary>
public static class StateKeys
{
    /// <summary>The producing "unit" of the call's arguments.</summary>
    public const string ArgumentsUnit = "args";

    /// <summary>The variable under which a unit that executed <c>return</c> stores the method's result.</summary>
    public const string ReturnVariable = "$return";

    /// <summary>The variable under which a worker records a finished attempt (the completion it sent).</summary>
    public const string CompletionVariable = "$completed";

    public static StateKey Argument(string executionId, string parameter) => new(executionId, parameter, ArgumentsUnit);

    public static StateKey Output(string executionId, string variable, int unit) => new(executionId, variable, UnitName(unit));

    /// <summary>A variable as one segment of a unit left it: <c>{variable}@{unit}.{segment}</c>.</summary>
    public static StateKey Output(string executionId, string variable, int unit, int segment) =>
        new(executionId, variable, UnitName(unit) + "." + segment.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static StateKey Input(string executionId, UnitInput input) =>
        input.ProducerUnit is not { } p ? Argument(executionId, input.Variable)
        : input.ProducerSegment is { } segment ? Output(executionId, input.Variable, p, segment)
        : Output(executionId, input.Variable, p);

    public static StateKey Return(string executionId, int unit) => Output(executionId, ReturnVariable, unit);

    public static StateKey Completion(string executionId, int unit, int attempt) =>
        new(executionId, CompletionVariable, $"{UnitName(unit)}#{attempt}");

    public static string UnitName(int unit) => unit.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
