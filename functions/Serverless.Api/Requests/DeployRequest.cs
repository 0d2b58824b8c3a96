namespace Serverless.Api.Requests;

/// <summary>Body of <c>POST /api/function/deploy</c>: the function and, optionally, the regions to deploy every unit to.</summary>
internal sealed record DeployRequest
{
    public required string Function { get; init; }

    public IReadOnlyList<string>? Regions { get; init; }
}
