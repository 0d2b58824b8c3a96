namespace Serverless.Development;

/// <summary>Azurite could not be found, installed or started; the message says why and what to do.</summary>
public sealed class AzuriteUnavailableException : Exception
{
    public AzuriteUnavailableException()
    {
    }

    public AzuriteUnavailableException(string message)
        : base(message)
    {
    }

    public AzuriteUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
