namespace Serverless.Local.Commands;

/// <summary>Options of `serverless serve`: listen URLs, optional storage connection string, optional API key.</summary>
public sealed record ServeSettings
{
    public string Urls { get; init; } = ServeCommand.DefaultUrls;

    public string? StorageConnection { get; init; }

    public string? ApiKey { get; init; }
}
