using System.Reflection;
using Serverless.Contracts.Plans;
using Serverless.Local.Engine;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Model;

namespace Serverless.Hosting;

/// <summary>
/// What <c>AddServerlessSplitter</c> wires: where the functions come from, the regions a call is planned over, and the
/// engine that runs the plan (<see cref="UseEmbeddedEngine()"/>, or the one a Functions integration registers).
/// </summary>
public sealed class SplitterOptions
{
    private readonly List<Assembly> _assemblies = [];

    /// <summary>Assemblies whose generated providers list the functions (besides the discovered ones).</summary>
    public IReadOnlyList<Assembly> Assemblies => _assemblies;

    /// <summary>
    /// True (the default): the catalogue also holds every function registered in the entry assembly and the assemblies
    /// it references, directly or through others (the app's own assemblies).
    /// </summary>
    public bool DiscoverFromEntryAssembly { get; set; } = true;

    /// <summary>The origin, regions and network calls are planned over (default: three built-in simulated regions).</summary>
    public PlanEnvironment Environment { get; set; } = PlanEnvironment.Default;

    /// <summary>
    /// What the planner minimises besides cost: currency per second of makespan (and an optional deadline); null
    /// plans for cost alone. Work is the static estimate until the engine has measured a function's segments.
    /// </summary>
    public PlanObjective? Objective { get; set; }

    /// <summary>The engine's state store; null keeps variables in memory.</summary>
    public IStateStore? StateStore { get; set; }

    /// <summary>The engine's message bus; null uses the in-memory bus.</summary>
    public IMessageBus? MessageBus { get; set; }

    /// <summary>The in-process engine's settings when <see cref="UseEmbeddedEngine()"/> was called, else null.</summary>
    public EmbeddedEngineOptions? EmbeddedEngine { get; private set; }

    /// <summary>Adds the functions registered in <paramref name="assembly"/> (for example a library the entry assembly does not reference).</summary>
    public SplitterOptions AddFunctionsFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!_assemblies.Contains(assembly))
        {
            _assemblies.Add(assembly);
        }

        return this;
    }

    /// <summary>Runs calls on the in-process engine, with one regional worker per region of <see cref="Environment"/>.</summary>
    public SplitterOptions UseEmbeddedEngine() => UseEmbeddedEngine(new EmbeddedEngineOptions());

    /// <summary>Runs calls on the in-process engine with these settings (their regions are replaced by <see cref="Environment"/>'s).</summary>
    public SplitterOptions UseEmbeddedEngine(EmbeddedEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmbeddedEngine = options;
        return this;
    }
}
