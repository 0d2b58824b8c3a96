namespace Serverless.Orchestrations.Market;

/// <summary>Result of <c>Status</c> (what the autoscaler reads): capacity, use and utilisation at the given time, retirement.</summary>
public sealed record InstanceStatus(string Region, bool Retired, int Slots, int UsedSlots, int MemoryMb, int UsedMemoryMb, double Utilisation);
