namespace Serverless.Api.Contracts;

/// <summary>
/// A compute instance that bids for units: its capacity (slots, memory), what is reserved now (busy slots, used
/// memory), its utilisation (the larger of the two fractions, 0 to 1), its base price and whether it is retired.
/// </summary>
public sealed record MarketBidder(
    string Id,
    string Region,
    int Slots,
    int Busy,
    int MemoryMb,
    int UsedMemoryMb,
    double Utilisation,
    double PricePerGbSecond,
    bool Retired);
