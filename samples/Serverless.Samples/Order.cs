namespace Serverless.Samples;

/// <summary>An order to validate: lines and an optional coupon code.</summary>
public sealed record Order(IReadOnlyList<OrderLine> Lines, string? Coupon);

/// <summary>One order line.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>Accepted with a total, or rejected with the reason.</summary>
public sealed record OrderDecision(bool Accepted, decimal Total, int Items, string? Reason)
{
    public static OrderDecision Accept(decimal total, int items) => new(true, total, items, null);

    public static OrderDecision Reject(string reason) => new(false, 0, 0, reason);
}
