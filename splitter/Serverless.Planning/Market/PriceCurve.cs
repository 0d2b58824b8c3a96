namespace Serverless.Planning.Market;

/// <summary>
/// How an instance's price rises with its utilisation u (used slots / slots after taking the unit, 0..1):
/// <c>multiplier(u) = 1 + 3u²</c>, so an empty instance asks its base price and a full one four times it. Convex, so
/// spreading load over instances is cheaper than stacking it.
/// </summary>
public static class PriceCurve
{
    public static double Multiplier(double utilisation)
    {
        var u = Math.Clamp(utilisation, 0, 1);
        return 1 + (3 * u * u);
    }
}
