namespace Serverless.Planning.Market;

/// <summary>Why an instance declined a unit.</summary>
public enum DeclineReason
{
    None,
    NotConfigured,
    Retired,
    Memory,
    Slots,
}
