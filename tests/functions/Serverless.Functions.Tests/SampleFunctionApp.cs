using System.Reflection;
using Serverless.Hosting;
using Serverless.Orchestrations.Runtime;

namespace Serverless.Functions.Tests;

/// <summary>
/// samples/Serverless.Samples.FunctionApp, a user's Functions app over the product. In a test the entry assembly is
/// the test host, so the catalogue the app discovers from its own entry assembly is discovered from the sample app's.
/// </summary>
internal static class SampleFunctionApp
{
    public const string ProjectFolder = "samples/Serverless.Samples.FunctionApp";

    public static Assembly Assembly { get; } = Assembly.Load("Serverless.Samples.FunctionApp");

    /// <summary>What <c>AddServerlessFunctions</c> registers in the running sample app: the functions of its own assemblies.</summary>
    public static SplitFunctionRegistry Catalogue() => SplitFunctionRegistry.FromAssemblies([.. FunctionDiscovery.From(Assembly)]);
}
