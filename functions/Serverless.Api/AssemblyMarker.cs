namespace Serverless.Api;

internal static class AssemblyMarker
{
}
