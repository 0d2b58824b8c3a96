namespace Serverless.Orchestrations.Market;

/// <summary>Result of <c>Status</c> (what the autoscaler reads): capacity, use at the given time, declines, retirement.</summary>
public sealed record InstanceStatus(string Region, bool Retired, int Slots, int UsedSlots, int MemoryMb, int UsedMemoryMb, int Declined)
{
    public double Utilisation => Slots == 0 ? 1 : (double)UsedSlots / Slots;
}
