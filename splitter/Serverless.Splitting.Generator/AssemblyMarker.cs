namespace Serverless.Splitting.Generator;

internal static class AssemblyMarker
{
}
