namespace Serverless.Contracts.Plans;

/// <summary>An error of a unit: the original exception's full type name and message.</summary>
public sealed record UnitError(string Type, string Message)
{
    /// <summary>The error type of an attempt abandoned after its timeout.</summary>
    public const string TimeoutType = "System.TimeoutException";
}
