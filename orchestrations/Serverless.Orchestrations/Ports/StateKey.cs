namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Address of one variable value of an execution: the variable as written by one unit (<c>{variable}@{unit}</c>).
/// Any string is allowed in each part; stores escape what their backend forbids.
/// </summary>
public readonly record struct StateKey(string ExecutionId, string Variable, string ProducingUnit)
{
    public override string ToString() => $"{ExecutionId}/{Variable}@{ProducingUnit}";
}
