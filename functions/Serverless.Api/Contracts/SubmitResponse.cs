namespace Serverless.Api.Contracts;

/// <summary>
/// A started execution and its management URIs, as Durable Functions' <c>CreateCheckStatusResponse</c> gives them:
/// status (poll it), terminate (<c>{text}</c> is the reason), suspend, resume, and purge of history and state.
/// </summary>
public sealed record SubmitResponse(
    string Id,
    string StatusQueryGetUri,
    string TerminatePostUri,
    string SuspendPostUri,
    string ResumePostUri,
    string PurgeHistoryDeleteUri);
