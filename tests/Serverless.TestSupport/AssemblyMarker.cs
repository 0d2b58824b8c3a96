namespace Serverless.TestSupport;

internal static class AssemblyMarker
{
}
