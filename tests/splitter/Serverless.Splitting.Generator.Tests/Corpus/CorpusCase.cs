namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>
/// One corpus method: the members of a static partial class <c>Corpus.{Name}</c> holding one <c>[Splitable]</c>
/// method <c>Run</c> (plus any plain helpers and types), and deterministic JSON arguments for it.
/// </summary>
internal sealed record CorpusCase(string Name, string Members, params string[] Arguments)
{
    /// <summary>When true the class is not static (for an instance <c>Run</c>).</summary>
    public bool Instance { get; init; }

    public string FunctionId => $"Corpus.{Name}.Run";

    public string Source => $$"""
        using System.Globalization;
        using System.Text;

        namespace Corpus;

        public {{(Instance ? "" : "static ")}}partial class {{Name}}
        {
        {{Members}}
        }
        """;
}
