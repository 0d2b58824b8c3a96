namespace Serverless.Orchestrations.Ports;

/// <summary>
/// Address of one variable value of an execution: the variable as written by one unit (<c>{variable}@{unit}</c>).
/// Any string is allowed in each part; stores escape what their backend forbids.
/// </summary>
public readonly record struct StateKey(string ExecutionId, string Variable, string ProducingUnit)
{
    /// <summary>The longest execution id, variable or unit name any store accepts (Table Storage keeps long names in a 64 KiB property).</summary>
    public const int MaxPartLength = 16 * 1024;

    /// <summary>Throws an <see cref="ArgumentException"/> when a part is null or longer than <see cref="MaxPartLength"/>.</summary>
    public void Validate()
    {
        if (ExecutionId is null || Variable is null || ProducingUnit is null)
        {
            throw new ArgumentException($"State key '{this}' has a null part; execution id, variable and producing unit are all required (an empty string is allowed).");
        }

        var longest = Math.Max(ExecutionId.Length, Math.Max(Variable.Length, ProducingUnit.Length));
        if (longest > MaxPartLength)
        {
            throw new ArgumentException($"A part of state key '{ExecutionId[..Math.Min(ExecutionId.Length, 40)]}/{Variable[..Math.Min(Variable.Length, 40)]}...' is {longest} characters long; execution ids, variables and units are limited to {MaxPartLength}.");
        }
    }

    public override string ToString() => $"{ExecutionId}/{Variable}@{ProducingUnit}";
}
