namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>
/// One corpus method: the members of a static partial class <c>Corpus.{Name}</c> holding one <c>[Splitable]</c>
/// method <c>Run</c> (plus any plain helpers and types), and deterministic JSON arguments for it.
/// </summary>
internal sealed record CorpusCase(string Name, string Members, params string[] Arguments)
{
    public string FunctionId => $"Corpus.{Name}.Run";

    public string Source => $$"""
        using System.Globalization;
        using System.Text;

        namespace Corpus;

        public static partial class {{Name}}
        {
        {{Members}}
        }
        """;
}
