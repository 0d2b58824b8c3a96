namespace Serverless.Api.Requests;

/// <summary>A geo preference override as sent: the allowed regions and whether they are a hard constraint.</summary>
internal sealed record GeoPreferenceRequest
{
    public required IReadOnlyList<string> Regions { get; init; }

    public bool Strict { get; init; }
}
