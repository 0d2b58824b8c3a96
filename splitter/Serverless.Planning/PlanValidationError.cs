namespace Serverless.Planning;

/// <summary>One problem with a plan request: the member (e.g. <c>regions[1].speed</c>) and what is wrong with it.</summary>
public sealed record PlanValidationError(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message}";
}
