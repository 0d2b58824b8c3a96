namespace Serverless.Samples;

/// <summary>Simulated remote warehouse calls: deterministic answers after a real asynchronous yield.</summary>
public static class Warehouses
{
    public static async Task<int> FetchStockAsync(string warehouse, string sku)
    {
        await Task.Yield();
        if (warehouse.Length == 0)
        {
            throw new InvalidOperationException("Warehouse name is empty: the stock service rejected the request.");
        }

        return Math.Abs(StableHash(warehouse + "/" + sku)) % 50;
    }

    public static async Task<int> FetchPendingOrdersAsync(string sku)
    {
        await Task.Delay(1);
        return Math.Abs(StableHash(sku)) % 30;
    }

    public static async Task<string> PublishAsync(string sku, int available)
    {
        await Task.Yield();
        return $"published:{sku}:{available}";
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
