namespace Serverless.Orchestrations.Ports;

/// <summary>A variable that was asked for is not in the state store.</summary>
public sealed class StateNotFoundException : Exception
{
    public StateNotFoundException(StateKey key)
        : base($"Variable '{key.Variable}' produced by unit '{key.ProducingUnit}' of execution '{key.ExecutionId}' is not in the state store. It was never written, or the execution's state was cleaned up.")
        => Key = key;

    public StateNotFoundException()
    {
    }

    public StateNotFoundException(string message)
        : base(message)
    {
    }

    public StateNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StateKey Key { get; }
}
