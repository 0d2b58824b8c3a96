namespace Serverless.Orchestrations.Ports;

/// <summary>
/// The virtual functions deployed for each function: one entry per unit and region (its identifier, memory, timeout,
/// package version and deployment time), written by <c>/api/function/deploy</c> and read by
/// <c>GET /api/function/{id}</c>. Recording a unit and region again replaces its entry. In Table Storage on Azure and
/// in <c>serve --storage</c>, so every instance sees the same registry; in memory otherwise.
/// </summary>
public interface IFunctionRegistry
{
    /// <summary>Records (or replaces) the entries of <paramref name="functions"/>, deployed at <paramref name="deployedAt"/>.</summary>
    Task RecordAsync(IReadOnlyList<VirtualFunction> functions, DateTimeOffset deployedAt, CancellationToken cancellationToken = default);

    /// <summary>The deployed virtual functions of <paramref name="functionId"/>, by region then unit; empty when none.</summary>
    Task<IReadOnlyList<DeployedFunction>> ListAsync(string functionId, CancellationToken cancellationToken = default);
}
