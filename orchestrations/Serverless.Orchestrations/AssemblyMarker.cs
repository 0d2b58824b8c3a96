namespace Serverless.Orchestrations;

internal static class AssemblyMarker
{
}
