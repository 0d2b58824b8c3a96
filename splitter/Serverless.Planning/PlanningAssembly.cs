namespace Serverless.Planning;

/// <summary>Marker for the planning assembly (pure, synchronous, no Azure, no Roslyn, no clock).</summary>
public static class PlanningAssembly
{
    /// <summary>The assembly's name, for diagnostics.</summary>
    public const string Name = "Serverless.Planning";
}
