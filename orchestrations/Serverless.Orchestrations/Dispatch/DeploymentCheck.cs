using System.Globalization;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Contracts;
using Serverless.Orchestrations.Ports;

namespace Serverless.Orchestrations.Dispatch;

/// <summary>
/// Run by the dispatch activity before it sends a batch: each work item's virtual function
/// (<c>{function}/u{unit}@{region}</c>, the unit's segments) must be in the <see cref="IFunctionRegistry"/> at
/// <see cref="PackageVersion"/>. What happens to one that is not is <see cref="Undeployed"/>: deployed first through
/// the <see cref="IProvisioner"/> (and recorded), or failed with a <see cref="UndeployedFunctionType"/> error.
/// </summary>
public sealed class DeploymentCheck
{
    /// <summary>The error type of a unit attempt failed because its virtual function is not deployed.</summary>
    public const string UndeployedFunctionType = "Serverless.Orchestrations.UndeployedFunctionException";

    private readonly IFunctionRegistry _registry;
    private readonly IProvisioner? _provisioner;
    private readonly TimeProvider _time;

    public DeploymentCheck(UndeployedUnits undeployed, string packageVersion, IFunctionRegistry registry, TimeProvider time, IProvisioner? provisioner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageVersion);
        if (undeployed == UndeployedUnits.Deploy && provisioner is null)
        {
            throw new InvalidOperationException("Serverless__Dispatch__Undeployed is deploy but this app has no provisioner to deploy with: configure one (Serverless__SubscriptionId and Serverless__ResourceGroup on Azure) or use fail or dispatch.");
        }

        Undeployed = undeployed;
        PackageVersion = packageVersion;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _provisioner = provisioner;
    }

    public UndeployedUnits Undeployed { get; }

    /// <summary>The version of the running package: a registry entry of another version does not count as deployed.</summary>
    public string PackageVersion { get; }

    /// <summary>
    /// What an unset <c>Serverless__Dispatch__Undeployed</c> means: a unit is dispatched only where its virtual function
    /// is deployed, so deploy it first where the app has a provisioner to deploy with, else fail the attempt.
    /// </summary>
    public static UndeployedUnits DefaultFor(bool hasProvisioner) => hasProvisioner ? UndeployedUnits.Deploy : UndeployedUnits.Fail;

    /// <summary>
    /// The setting's value as <see cref="Parse"/> reads it, with unset or empty meaning <see cref="DefaultFor"/>;
    /// null with the problem, naming the setting, when it is none of the modes.
    /// </summary>
    public static UndeployedUnits? Resolve(string? value, bool hasProvisioner, out string? problem)
    {
        problem = null;
        return string.IsNullOrWhiteSpace(value) ? DefaultFor(hasProvisioner) : Parse(value, out problem);
    }

    /// <summary>
    /// Parses the setting's value (<c>dispatch</c>, <c>fail</c>, <c>deploy</c>; case-insensitive, empty = dispatch);
    /// null with the problem, naming the setting, when it is none of them.
    /// </summary>
    public static UndeployedUnits? Parse(string? value, out string? problem)
    {
        problem = null;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "dispatch":
                return UndeployedUnits.Dispatch;
            case "fail":
                return UndeployedUnits.Fail;
            case "deploy":
                return UndeployedUnits.Deploy;
            default:
                problem = $"Serverless__Dispatch__Undeployed is '{value}'; use dispatch (send units without checking the function registry), fail (fail a unit whose virtual function is not deployed in its region at the running package version) or deploy (deploy it first).";
                return null;
        }
    }

    /// <summary>
    /// The items of <paramref name="items"/> that may be sent, and a failed completion for each one that may not
    /// (in fail mode). In deploy mode the missing virtual functions are deployed, per region, before this returns.
    /// </summary>
    public async Task<(IReadOnlyList<WorkItem> Send, IReadOnlyList<UnitCompleted> Failed)> CheckAsync(IReadOnlyList<WorkItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Undeployed == UndeployedUnits.Dispatch || items.Count == 0)
        {
            return (items, []);
        }

        var deployed = new Dictionary<string, IReadOnlyList<DeployedFunction>>(StringComparer.Ordinal);
        var missing = new List<(WorkItem Item, DeployedFunction? Found)>();
        foreach (var item in items)
        {
            if (!deployed.TryGetValue(item.FunctionId, out var entries))
            {
                deployed[item.FunctionId] = entries = await _registry.ListAsync(item.FunctionId, cancellationToken).ConfigureAwait(false);
            }

            var id = VirtualFunction.IdentifierFor(item.FunctionId, item.UnitId, item.Region);
            var found = entries.FirstOrDefault(e => e.VirtualFunction.Id == id && e.VirtualFunction.Region == item.Region);
            if (found is null || found.VirtualFunction.PackageVersion != PackageVersion || !found.VirtualFunction.Segments.SequenceEqual(item.Segments))
            {
                missing.Add((item, found));
            }
        }

        if (missing.Count == 0)
        {
            return (items, []);
        }

        if (Undeployed == UndeployedUnits.Deploy)
        {
            foreach (var region in missing.GroupBy(m => m.Item.Region, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var functions = region
                    .Select(m => m.Item)
                    .DistinctBy(i => (i.FunctionId, i.UnitId))
                    .Select(i => VirtualFunctionFor(i))
                    .ToList();
                var deployment = await _provisioner!.DeployAsync(new DeploymentRequest(region.Key, functions), cancellationToken).ConfigureAwait(false);
                await _registry.RecordAsync(deployment.Functions, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            return (items, []);
        }

        var refused = missing.Select(m => m.Item).ToHashSet(ReferenceEqualityComparer.Instance);
        var now = _time.GetUtcNow();
        return (
            [.. items.Where(i => !refused.Contains(i))],
            [.. missing.Select(m => new UnitCompleted
            {
                ExecutionId = m.Item.ExecutionId,
                InstanceId = m.Item.InstanceId,
                UnitId = m.Item.UnitId,
                Attempt = m.Item.Attempt,
                Succeeded = false,
                Error = new UnitError(UndeployedFunctionType, Message(m.Item, m.Found)),
                Region = m.Item.Region,
                Instance = m.Item.Instance,
                StartedAt = now,
                EndedAt = now,
                TraceParent = m.Item.TraceParent,
            })]);
    }

    /// <summary>The virtual function a work item needs: its unit's segments, memory and timeout at the running package version.</summary>
    public VirtualFunction VirtualFunctionFor(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new VirtualFunction(VirtualFunction.IdentifierFor(item.FunctionId, item.UnitId, item.Region), item.FunctionId, item.UnitId, [.. item.Segments], item.Region, item.MemoryMb, item.TimeoutSeconds, PackageVersion);
    }

    private string Message(WorkItem item, DeployedFunction? found)
    {
        var id = VirtualFunction.IdentifierFor(item.FunctionId, item.UnitId, item.Region);
        var segments = string.Join(", ", item.Segments.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        var registry = found?.VirtualFunction switch
        {
            null => "the function registry has no entry for it",
            { } f when f.PackageVersion != PackageVersion => $"the function registry has it at package version {f.PackageVersion}",
            { } f => $"the function registry has it with segments {string.Join(", ", f.Segments.Select(s => s.ToString(CultureInfo.InvariantCulture)))}",
        };
        return $"Virtual function {id} (unit {item.UnitId.ToString(CultureInfo.InvariantCulture)} of {item.FunctionId}, segments {segments}) is not deployed in region {item.Region} at package version {PackageVersion}: {registry} (attempt {item.Attempt.ToString(CultureInfo.InvariantCulture)}). "
            + $"Deploy it with POST /api/function/deploy {{\"function\":\"{item.FunctionId}\"}}, or set Serverless__Dispatch__Undeployed to deploy.";
    }
}
