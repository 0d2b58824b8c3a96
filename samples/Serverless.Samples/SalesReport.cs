using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>A LINQ-heavy report: revenue by region and by product, top customers, and month-over-month growth.</summary>
public static partial class SalesReport
{
    [Splitable]
    [ResourceConstraint(MemoryMb = 512, TimeoutSeconds = 30)]
    public static SalesSummary Build(IReadOnlyList<Sale> sales, int top)
    {
        var valid = sales.Where(s => s.Quantity > 0 && s.UnitPrice >= 0).ToList();
        var byRegion = valid.GroupBy(s => s.Region)
            .Select(g => new RegionTotal(g.Key, g.Sum(s => s.Quantity * s.UnitPrice)))
            .OrderByDescending(r => r.Revenue).ThenBy(r => r.Region, StringComparer.Ordinal)
            .ToList();
        var topProducts = valid.GroupBy(s => s.Product)
            .OrderByDescending(g => g.Sum(s => s.Quantity)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(g => g.Key)
            .ToList();
        var topCustomers = valid.GroupBy(s => s.Customer)
            .Select(g => (Customer: g.Key, Revenue: g.Sum(s => s.Quantity * s.UnitPrice)))
            .OrderByDescending(c => c.Revenue).ThenBy(c => c.Customer, StringComparer.Ordinal)
            .Take(top)
            .Select(c => c.Customer)
            .ToList();
        var byMonth = valid.GroupBy(s => s.Month).OrderBy(g => g.Key).Select(g => g.Sum(s => s.Quantity * s.UnitPrice)).ToList();
        var growth = byMonth.Zip(byMonth.Skip(1), (a, b) => a == 0 ? 0 : Math.Round((b - a) / a * 100, 2)).ToList();
        return new SalesSummary(valid.Sum(s => s.Quantity * s.UnitPrice), sales.Count - valid.Count, byRegion, topProducts, topCustomers, growth);
    }
}
