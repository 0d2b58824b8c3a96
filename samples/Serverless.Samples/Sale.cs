namespace Serverless.Samples;

/// <summary>One sale: who bought what, where, when (month 1–12), how many, at what price.</summary>
public sealed record Sale(string Customer, string Product, string Region, int Month, int Quantity, decimal UnitPrice);

/// <summary>Revenue of one region.</summary>
public sealed record RegionTotal(string Region, decimal Revenue);

/// <summary>Result of <see cref="SalesReport.Build"/>.</summary>
public sealed record SalesSummary(decimal Revenue, int RejectedRows, IReadOnlyList<RegionTotal> ByRegion, IReadOnlyList<string> TopProducts, IReadOnlyList<string> TopCustomers, IReadOnlyList<decimal> MonthlyGrowthPercent);
