using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Contracts.Plans;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Model;
using PlanUnit = Serverless.Contracts.Plans.PlanUnit;

namespace Serverless.Integration.Tests.Market;

/// <summary>
/// The orchestrator chooses winners by the planner's objective, not by price: a unit whose large input sits at the
/// origin stays there on a dearer instance when moving the input to the cheaper region costs more than the saving.
/// </summary>
public sealed class TransferAwareAuctionTests
{
    private static readonly IReadOnlyList<string> Regions = ["westeurope", "eastus"];

    private static PlanEnvironment Environment(double egressPerGb) => new(
        "westeurope",
        [
            new RegionSpec("westeurope", 0.001, 0, 1, 8192, 10, 40),
            new RegionSpec("eastus", 0.00001, 0, 1, 8192, 10, 30),
        ],
        new NetworkSpec(
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["eastus"] = 85 } },
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["westeurope"] = new Dictionary<string, double> { ["eastus"] = egressPerGb } },
            1000));

    /// <summary>Unit 0 reads the argument <c>data</c> (from the origin) and writes a small <c>s</c>; unit 1 reads <c>s</c> and returns.</summary>
    private static ExecutionPlan Plan(string id, int dataBytes, PlanEnvironment? environment) => new()
    {
        ExecutionId = id,
        FunctionId = id,
        Units =
        [
            new PlanUnit { Id = 0, Segments = [0], Region = "eastus", FallbackRegions = ["westeurope"], Inputs = [new UnitInput("data", null)], Outputs = ["s"], EstimatedWorkMs = 100, InputBytes = new Dictionary<string, long> { ["data"] = dataBytes }, TimeoutSeconds = 2 },
            new PlanUnit { Id = 1, Segments = [1], Region = "eastus", FallbackRegions = ["westeurope"], DependsOn = [0], Inputs = [new UnitInput("s", 0)], EstimatedWorkMs = 100, InputBytes = new Dictionary<string, long> { ["s"] = 8 }, TimeoutSeconds = 2 },
        ],
        Arguments = new Dictionary<string, JsonElement> { ["data"] = JsonSerializer.SerializeToElement(new string('d', dataBytes)) },
        Options = new ExecutionOptions { FirstRetryDelayMs = 100, RecordProfiles = false },
        Environment = environment,
    };

    private static Task<UnitRunResult> Run(UnitRunRequest request, CancellationToken cancellationToken)
    {
        var length = request.Inputs.TryGetValue("data", out var data) ? JsonSerializer.Deserialize<string>(data.Span)!.Length : 0;
        var bytes = Encoding.UTF8.GetBytes(length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(request.Segments[0] == 0
            ? new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>> { ["s"] = bytes }, false, null)
            : new UnitRunResult(new Dictionary<string, ReadOnlyMemory<byte>>(), true, request.Inputs["s"]));
    }

    [Theory]
    [InlineData(200_000, 10.0, "westeurope")] // 0.2 MB × 10/GB = 0.002 to move, the price saving is about 5e-5: stays.
    [InlineData(200_000, 0.0, "eastus")] // Free transfer: the cheaper region wins.
    [InlineData(20, 10.0, "eastus")] // A tiny input: moving it costs next to nothing.
    public async Task RunAsync_LargeInputAtTheOrigin_CheaperFarBidLosesToTheInputsRegion(int dataBytes, double egressPerGb, string expectedRegion)
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        var dear = await engine.Market.AddInstanceAsync("westeurope", 8192, 64, 0.001);
        var cheap = await engine.Market.AddInstanceAsync("eastus", 8192, 64, 0.00001);
        var id = $"transfer-{Guid.NewGuid():N}";
        engine.Runner.Register(id, Run);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var outcome = await engine.Engine.RunAsync(Plan(id, dataBytes, Environment(egressPerGb)), deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(dataBytes, outcome.Result!.Result!.Value.GetInt32());
        var first = outcome.Result.Units.Single(u => u.Id == 0);
        Assert.Equal(expectedRegion, first.Region);
        Assert.Equal(expectedRegion == "westeurope" ? dear : cheap, first.Instance);

        // Unit 1's input is 8 bytes wherever unit 0 ran: the cheaper instance wins it.
        Assert.Equal(cheap, outcome.Result.Units.Single(u => u.Id == 1).Instance);
    }

    [Fact]
    public async Task RunAsync_PlanWithoutEnvironment_CheapestBidWinsDespiteLargeInput()
    {
        await using var engine = await MarketEngine.StartAsync(Regions);
        await engine.Market.AddInstanceAsync("westeurope", 8192, 64, 0.001);
        var cheap = await engine.Market.AddInstanceAsync("eastus", 8192, 64, 0.00001);
        var id = $"transfer-{Guid.NewGuid():N}";
        engine.Runner.Register(id, Run);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var outcome = await engine.Engine.RunAsync(Plan(id, 200_000, null), deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.All(outcome.Result!.Units, u => Assert.Equal(cheap, u.Instance));
    }
}
