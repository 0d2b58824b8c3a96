namespace Serverless.Local.Commands;

/// <summary>Options of `serverless serve`: listen URLs, optional `--storage`, optional API key.</summary>
public sealed record ServeSettings
{
    public string Urls { get; init; } = ServeCommand.DefaultUrls;

    /// <summary>`--storage`: opened by <see cref="ServeCommand.RunAsync"/> into the <see cref="StorageSession"/> the app uses.</summary>
    public StorageOption? Storage { get; init; }

    public string? ApiKey { get; init; }
}
