namespace Serverless.Samples;

internal static class AssemblyMarker
{
}
