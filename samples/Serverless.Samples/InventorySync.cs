using Serverless.Annotations;

namespace Serverless.Samples;

/// <summary>
/// An async, I/O-shaped function: fetch stock levels from several warehouses, fetch pending orders, reconcile,
/// and publish the result, awaiting each remote call (simulated by <see cref="Warehouses"/>).
/// </summary>
public static partial class InventorySync
{
    [Splitable]
    [GeoPreference("northeurope")]
    [ResourceConstraint(MemoryMb = 256, TimeoutSeconds = 300)]
    public static async Task<InventoryReport> SyncAsync(string[] warehouses, string sku)
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var warehouse in warehouses)
        {
            levels[warehouse] = await Warehouses.FetchStockAsync(warehouse, sku);
        }

        var pending = await Warehouses.FetchPendingOrdersAsync(sku);
        var available = levels.Values.Sum() - pending;
        var reorder = available < 10 * Math.Max(1, warehouses.Length);
        var receipt = await Warehouses.PublishAsync(sku, available);
        return new InventoryReport(sku, levels, pending, available, reorder, receipt);
    }
}
