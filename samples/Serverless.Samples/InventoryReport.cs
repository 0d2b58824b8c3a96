namespace Serverless.Samples;

/// <summary>Result of <see cref="InventorySync.SyncAsync"/>.</summary>
public sealed record InventoryReport(string Sku, IReadOnlyDictionary<string, int> Levels, int Pending, int Available, bool Reorder, string Receipt);
