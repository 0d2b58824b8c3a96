namespace Serverless.Api.Requests;

/// <summary>
/// Body of <c>POST /api/split/analyze</c>: exactly one of a registered <see cref="Function"/> or C#
/// <see cref="Source"/>, optionally with the <see cref="Method"/> of the source to keep.
/// </summary>
internal sealed record AnalyzeRequest
{
    public string? Function { get; init; }

    public string? Source { get; init; }

    public string? Method { get; init; }
}
