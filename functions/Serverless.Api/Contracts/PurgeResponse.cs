namespace Serverless.Api.Contracts;

/// <summary><c>DELETE /api/execution/{id}</c>: how many instances had their history and state deleted (Durable's shape).</summary>
public sealed record PurgeResponse(int InstancesDeleted);
