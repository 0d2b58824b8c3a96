namespace Serverless.Contracts.Plans;

/// <summary>A variable a unit reads and the unit that produced it (null: an argument of the call).</summary>
public sealed record UnitInput(string Variable, int? ProducerUnit);
