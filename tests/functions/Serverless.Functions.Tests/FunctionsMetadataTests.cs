using System.Text.Json;

namespace Serverless.Functions.Tests;

/// <summary>
/// Asserts the functions and bindings the Functions SDK generated (functions.metadata) for the sample Functions app, a
/// user's app whose every trigger comes from the Serverless.Functions library it references.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<JsonElement[]> Functions = new(Load);

    private static JsonElement[] Load() => FunctionsMetadata.Load(SampleFunctionApp.ProjectFolder);

    private static JsonElement Function(string name) =>
        Functions.Value.SingleOrDefault(f => f.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } f
            ? f
            : throw new Xunit.Sdk.XunitException($"function '{name}' is not in functions.metadata");

    private static JsonElement[] Bindings(string name) => [.. Function(name).GetProperty("bindings").EnumerateArray()];

    [Fact]
    public void Metadata_SampleApp_ListsEveryTriggerOfTheReferencedFunctionsIntegration()
    {
        var library = typeof(Serverless.Functions.Engine.WorkQueueFunctions).Assembly;
        var triggers = library.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttributes(inherit: false).FirstOrDefault(a => a.GetType().Name == "FunctionAttribute")))
            .Where(x => x.Function is not null)
            .ToDictionary(x => (string)x.Function!.GetType().GetProperty("Name")!.GetValue(x.Function)!, x => $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}", StringComparer.Ordinal);
        var listed = Functions.Value.ToDictionary(FunctionsMetadata.Name, f => (EntryPoint: f.GetProperty("entryPoint").GetString(), ScriptFile: f.GetProperty("scriptFile").GetString()), StringComparer.Ordinal);

        Assert.True(triggers.Count > 20, $"only {triggers.Count} [Function]s found in {library.GetName().Name}");
        Assert.Equal(triggers.Keys.Order(), listed.Keys.Order());
        Assert.All(triggers, t => Assert.Equal((t.Value, "Serverless.Functions.dll"), listed[t.Key]));
    }

    [Fact]
    public async Task WorkerIndexing_SampleAppsGeneratedProvider_ListsTheSameTriggersAsTheMetadataFile()
    {
        // The worker's source generator (worker indexing) runs in the user's app and indexes referenced assemblies too.
        var providerType = SampleFunctionApp.Assembly.GetTypes()
            .Single(t => !t.IsAbstract && typeof(Microsoft.Azure.Functions.Worker.Core.FunctionMetadata.IFunctionMetadataProvider).IsAssignableFrom(t));
        var provider = (Microsoft.Azure.Functions.Worker.Core.FunctionMetadata.IFunctionMetadataProvider)Activator.CreateInstance(providerType, nonPublic: true)!;

        var generated = await provider.GetFunctionMetadataAsync(FunctionsMetadata.OutputFolder(SampleFunctionApp.ProjectFolder));

        Assert.Equal(Functions.Value.Select(FunctionsMetadata.Name).Order(), generated.Select(f => f.Name).Order());
        Assert.All(generated, f => Assert.Equal("Serverless.Functions.dll", f.ScriptFile));
    }

    [Theory]
    [InlineData("ExecutePlanOrchestrator")]
    [InlineData("CleanupExecutionOrchestrator")]
    [InlineData("AutoscalerOrchestrator")]
    public void Metadata_Orchestrator_HasOrchestrationTrigger(string name)
    {
        var trigger = Assert.Single(Bindings(name));
        Assert.Equal("orchestrationTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
    }

    [Theory]
    [InlineData("StoreArgumentsActivity")]
    [InlineData("DispatchUnitsActivity")]
    [InlineData("ReadResultActivity")]
    [InlineData("CleanupExecutionActivity")]
    [InlineData("RecordProfilesActivity")]
    [InlineData("ReplanActivity")]
    public void Metadata_Activity_HasActivityTrigger(string name)
    {
        var trigger = Assert.Single(Bindings(name));
        Assert.Equal("activityTrigger", trigger.GetProperty("type").GetString());
    }

    [Fact]
    public void Metadata_EveryOrchestratorAndActivityOfTheEngine_IsDeclared()
    {
        var engine = typeof(Serverless.Orchestrations.Orchestrators.ExecutePlanOrchestrator).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsPublic: true } && (typeof(Microsoft.DurableTask.ITaskOrchestrator).IsAssignableFrom(t) || typeof(Microsoft.DurableTask.ITaskActivity).IsAssignableFrom(t)))
            .Select(t => t.Name)
            .Order()
            .ToList();
        var declared = Functions.Value.Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.NotEmpty(engine);
        Assert.All(engine, name => Assert.Contains(name, declared));
    }

    [Theory]
    [InlineData("StartExecutionPlan", "execution/plan", "post", "Function")]
    [InlineData("Health", "health", "get", "Anonymous")]
    public void Metadata_HttpFunction_HasRouteMethodAndAuthLevel(string name, string route, string method, string authLevel)
    {
        var bindings = Bindings(name);
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Theory]
    [InlineData("StartExecutionPlan")]
    [InlineData("ExecutionSubmit")]
    [InlineData("ExecutionStatus")]
    [InlineData("ExecutionTerminate")]
    [InlineData("ExecutionSuspend")]
    [InlineData("ExecutionResume")]
    [InlineData("ExecutionPurge")]
    [InlineData("ExecutionList")]
    public void Metadata_ExecutionEndpoints_BindADurableClient(string name)
        => Assert.Contains(Bindings(name), b => b.GetProperty("type").GetString() == "durableClient");

    [Fact]
    public void Metadata_RegionalWorkTrigger_ReadsTheRegionsWorkQueueOnTheHostStorage()
    {
        var trigger = Assert.Single(Bindings("RegionalWorkReceived"));
        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("work-%Serverless__Region%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
    }

    [Fact]
    public void Metadata_CompletionTrigger_ReadsTheConfiguredStorageQueueWithADurableClient()
    {
        var bindings = Bindings("CompletionReceived");
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "queueTrigger");
        Assert.Equal("%Serverless__CompletionQueue%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData("ComputeInstance")]
    [InlineData("ComputeDirectory")]
    public void Metadata_MarketEntity_HasEntityTrigger(string name)
    {
        var trigger = Assert.Single(Bindings(name));
        Assert.Equal("entityTrigger", trigger.GetProperty("type").GetString());
    }

    [Fact]
    public void Metadata_AutoscalerStarter_TimerRunsOnStartupWithADurableClient()
    {
        var bindings = Bindings("EnsureAutoscaler");
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.True(trigger.GetProperty("runOnStartup").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(trigger.GetProperty("schedule").GetString()));
        Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Output_RegionalTemplate_IsPackagedWhereTheProvisionerReadsIt()
    {
        var dir = new DirectoryInfo(FunctionsMetadata.OutputFolder(SampleFunctionApp.ProjectFolder));
        Assert.True(File.Exists(Path.Combine(dir.FullName, "infra", "regional-app.json")), "infra/regional-app.json is not copied to the app's output");
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "infra", "regional-app.json")));
        Assert.True(template.RootElement.TryGetProperty("resources", out _));
    }
}
