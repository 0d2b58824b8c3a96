using Serverless.Contracts.Manifest;
using Serverless.Orchestrations.Profiles;

namespace Serverless.Api.Planning;

/// <summary>
/// Plans a call of a function under given annotations with the current environment (regions, prices, network): the
/// plan it would get now. Throws <see cref="PlanningFailedException"/> when no plan satisfies the constraints.
/// </summary>
public interface IPlanPreviewer
{
    /// <summary>The regions units may be placed in; annotation and deployment regions must be among them.</summary>
    IReadOnlyList<string> Regions { get; }

    /// <summary>Plans one call. When <see cref="EffectiveAnnotations.Splitable"/> is false the plan has one unit.</summary>
    PlanPreview Plan(SplitGraph graph, EffectiveAnnotations annotations);

    /// <summary>
    /// Plans one call with what earlier calls measured (<paramref name="measured"/>) in place of the static estimates;
    /// a planner that cannot use measurements plans as <see cref="Plan(SplitGraph, EffectiveAnnotations)"/>.
    /// </summary>
    PlanPreview Plan(SplitGraph graph, EffectiveAnnotations annotations, FunctionProfile? measured) => Plan(graph, annotations);
}
