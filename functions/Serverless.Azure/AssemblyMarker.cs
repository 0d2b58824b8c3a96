namespace Serverless.Azure;

internal static class AssemblyMarker
{
}
