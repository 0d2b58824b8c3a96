using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>Early returns: an order is rejected as soon as a check fails; otherwise it is priced.</summary>
public static partial class OrderValidation
{
    [Splitable]
    [GeoPreference("eastus", "westus")]
    public static OrderDecision Validate(Order order, int stockOnHand)
    {
        if (order.Lines.Count == 0)
        {
            return OrderDecision.Reject("The order has no lines.");
        }

        var quantity = order.Lines.Sum(l => l.Quantity);
        if (quantity > stockOnHand)
        {
            return OrderDecision.Reject($"Only {stockOnHand} items in stock, {quantity} ordered.");
        }

        var subtotal = order.Lines.Sum(l => l.Quantity * l.UnitPrice);
        var discount = order.Coupon switch
        {
            "TENOFF" => Math.Round(subtotal * 0.10m, 2),
            "BULK" when quantity >= 10 => 15m,
            null => 0m,
            _ => throw new ArgumentException($"Unknown coupon '{order.Coupon}'.", nameof(order)),
        };
        if (subtotal - discount <= 0)
        {
            return OrderDecision.Reject("The order total after discount is not positive.");
        }

        var shipping = subtotal - discount >= 100m ? 0m : 4.95m;
        return OrderDecision.Accept(subtotal - discount + shipping, quantity);
    }
}
