using Azure.Identity;
using Azure.Storage.Blobs;
using Serverless.Azure.Configuration;

namespace Serverless.Functions.Engine;

/// <summary>
/// Reads the bodies the Storage Queue bus put in blobs (claim check, container <c>splitbus-large</c>) from the
/// account the adapters use: <c>Serverless__StorageConnection</c>, or <c>Serverless__StorageAccountName</c> with the
/// managed identity.
/// </summary>
internal static class LargeMessageBlobs
{
    public const string Container = "splitbus-large";

    public static Func<string, CancellationToken, Task<BinaryData>> Reader(AdapterSettings settings)
    {
        var container = new Lazy<BlobContainerClient>(() => Service(settings).GetBlobContainerClient(Container));
        return async (blob, cancellationToken) =>
            (await container.Value.GetBlobClient(blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
    }

    private static BlobServiceClient Service(AdapterSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.StorageConnection))
        {
            return new BlobServiceClient(settings.StorageConnection);
        }

        if (!string.IsNullOrWhiteSpace(settings.StorageAccountName))
        {
            return new BlobServiceClient(
                new Uri($"https://{settings.StorageAccountName}.blob.core.windows.net"),
                new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId }));
        }

        throw new InvalidOperationException("A completion message's body is in a blob, but neither Serverless__StorageConnection nor Serverless__StorageAccountName is set: set one of them to the storage account of the bus.");
    }
}
