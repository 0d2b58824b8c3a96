namespace Serverless.Planning.Market;

/// <summary>Why an instance will not take a unit.</summary>
public enum DeclineReason
{
    /// <summary>Not enough free memory (or the unit needs more than the instance has at all).</summary>
    Memory,

    /// <summary>Every concurrent slot is reserved.</summary>
    Slots,

    /// <summary>The instance is retired: it finishes what it holds and takes nothing new.</summary>
    Retired,

    /// <summary>The instance was reconfigured since the bid, or the bid has expired: bid again.</summary>
    Stale,

    /// <summary>The lease id is already held.</summary>
    Duplicate,
}
