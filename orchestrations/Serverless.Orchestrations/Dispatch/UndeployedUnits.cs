namespace Serverless.Orchestrations.Dispatch;

/// <summary>
/// What the dispatch activity does with a unit whose virtual function is not in the <see cref="Ports.IFunctionRegistry"/>
/// for its region at the running package version (<c>Serverless__Dispatch__Undeployed</c>).
/// </summary>
public enum UndeployedUnits
{
    /// <summary>Dispatch without looking at the registry (the default).</summary>
    Dispatch,

    /// <summary>Fail the unit attempt with an error naming the virtual function, unit, region and package version.</summary>
    Fail,

    /// <summary>Deploy the missing virtual functions through the provisioner, record them, then dispatch.</summary>
    Deploy,
}
