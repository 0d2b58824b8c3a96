namespace Serverless.Api.Contracts;

/// <summary>A started execution: its id and where to poll its status (the Durable Functions convention).</summary>
public sealed record SubmitResponse(string Id, string StatusQueryGetUri);
