namespace Serverless.Azure;

/// <summary>Creates storage SDK clients from a connection string, turning a malformed one into a clear error.</summary>
internal static class StorageClients
{
    public static (T1, T2) FromConnectionString<T1, T2>(string connectionString, Func<string, T1> first, Func<string, T2> second)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The storage connection string is empty; pass one like 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...'.", nameof(connectionString));
        }

        try
        {
            return (first(connectionString), second(connectionString));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"The storage connection string is not valid ({ex.Message}); pass one like 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...'.", nameof(connectionString), ex);
        }
    }
}
