namespace Serverless.Planning.Market;

/// <summary>
/// The utilisation price curve: <c>multiplier(u) = 1 + Surge × u²</c>, where <c>u</c> in [0, 1] is the instance's
/// utilisation once the unit is added (the larger of the memory and slot fractions). An idle instance bids its base
/// price; a nearly full one bids up to <c>1 + Surge</c> times it (4× with the default surge of 3). The curve is
/// convex, so load spreads to emptier instances long before any is full, and strictly increasing, so a busier
/// instance never underbids an identical idler one.
/// </summary>
public static class PriceCurve
{
    /// <summary>Extra multiple of the base price at full utilisation.</summary>
    public const double Surge = 3.0;

    /// <summary>The price multiplier at utilisation <paramref name="utilisation"/> (clamped to [0, 1]).</summary>
    public static double Multiplier(double utilisation)
    {
        var u = Math.Clamp(utilisation, 0, 1);
        return 1 + (Surge * u * u);
    }
}
